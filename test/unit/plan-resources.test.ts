import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceOutcome } from '../../engine/sync-types';
import { planResources, type PlannedResource, type PlanState, type ResourcePlan } from '../../workflows/plan-resources';

const ended = (status: ResourceOutcome['status']): ResourceOutcome => ({
  status,
  pages: 1,
  records: 1,
  skippedPages: 0,
  partitions: 0,
});

const merge = (name: string, parent?: string): PlannedResource => ({ name, parent, writeDisposition: 'merge' });
const replace = (name: string, parent?: string): PlannedResource => ({ name, parent, writeDisposition: 'replace' });

const state = (overrides: Partial<PlanState>): PlanState => ({
  resources: [],
  outcomes: {},
  finished: new Set(),
  running: new Set(),
  paused: false,
  maxParallel: 8,
  ...overrides,
});

const cases: Array<[string, Partial<PlanState>, ResourcePlan]> = [
  [
    'starts every independent resource at once',
    { resources: [merge('a'), merge('b'), merge('c')] },
    { start: ['a', 'b', 'c'], skip: [] },
  ],
  [
    'starts no more than the parallel limit, in declaration order',
    { resources: [merge('a'), merge('b'), merge('c')], maxParallel: 2 },
    { start: ['a', 'b'], skip: [] },
  ],
  [
    'counts resources already running against the limit',
    { resources: [merge('a'), merge('b'), merge('c')], running: new Set(['a']), maxParallel: 2 },
    { start: ['b'], skip: [] },
  ],
  [
    'starts nothing new while the limit is reached',
    { resources: [merge('a'), merge('b')], running: new Set(['a']), maxParallel: 1 },
    { start: [], skip: [] },
  ],
  [
    'starts nothing that has an outcome or runs',
    { resources: [merge('a'), merge('b')], outcomes: { a: ended('completed') }, running: new Set(['b']) },
    { start: [], skip: [] },
  ],
  [
    'holds a child while its parent runs',
    { resources: [merge('a'), merge('b', 'a')], running: new Set(['a']) },
    { start: [], skip: [] },
  ],
  [
    'starts a child once a merging parent completes, before its load is recorded',
    { resources: [merge('a'), merge('b', 'a')], outcomes: { a: ended('completed') }, running: new Set(['a']) },
    { start: ['b'], skip: [] },
  ],
  [
    'holds a child of a completed replacing parent until its table is swapped in',
    { resources: [replace('a'), merge('b', 'a')], outcomes: { a: ended('completed') }, running: new Set(['a']) },
    { start: [], skip: [] },
  ],
  [
    'starts a child of a replacing parent once its load is recorded',
    { resources: [replace('a'), merge('b', 'a')], outcomes: { a: ended('completed') }, finished: new Set(['a']) },
    { start: ['b'], skip: [] },
  ],
  [
    'skips a child whose parent failed, naming the parent',
    { resources: [merge('a'), merge('b', 'a')], outcomes: { a: ended('failed') } },
    { start: [], skip: [{ resource: 'b', error: 'parent `a` failed' }] },
  ],
  [
    'skips a child whose parent was cancelled',
    { resources: [replace('a'), merge('b', 'a')], outcomes: { a: ended('cancelled') }, finished: new Set(['a']) },
    { start: [], skip: [{ resource: 'b', error: 'parent `a` was cancelled' }] },
  ],
  [
    'skips a grandchild in the same plan as its skipped parent',
    { resources: [merge('a'), merge('b', 'a'), merge('c', 'b')], outcomes: { a: ended('failed') } },
    {
      start: [],
      skip: [
        { resource: 'b', error: 'parent `a` failed' },
        { resource: 'c', error: 'parent `b` was skipped' },
      ],
    },
  ],
  ['starts nothing new while paused', { resources: [merge('a'), merge('b')], paused: true }, { start: [], skip: [] }],
  [
    'still skips while paused',
    { resources: [merge('a'), merge('b', 'a'), merge('c')], outcomes: { a: ended('failed') }, paused: true },
    { start: [], skip: [{ resource: 'b', error: 'parent `a` failed' }] },
  ],
  [
    'skips before the limit is reached, and leaves later resources for the next plan',
    {
      resources: [merge('a'), merge('b', 'a'), merge('c'), merge('d'), merge('e', 'a')],
      outcomes: { a: ended('failed') },
      running: new Set(['c']),
      maxParallel: 1,
    },
    { start: [], skip: [{ resource: 'b', error: 'parent `a` failed' }] },
  ],
];

describe('which resources a sync starts and skips', () => {
  for (const [name, overrides, expected] of cases) {
    it(name, () => {
      assert.deepEqual(planResources(state(overrides)), expected);
    });
  }

  it('changes none of its inputs', () => {
    const input = state({ resources: [merge('a'), merge('b', 'a')], outcomes: { a: ended('failed') } });
    planResources(input);
    assert.deepEqual(Object.keys(input.outcomes), ['a']);
  });
});
