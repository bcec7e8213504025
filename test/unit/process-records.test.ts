import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { processRecords, withParentFields } from '../../engine/records/process-records';
import { selectRecords } from '../../engine/records/select-records';

const resource = (extra: Record<string, unknown>) =>
  resolveSource({ client: { base_url: 'https://api.test' }, resources: [{ name: 'items', ...extra }] }, 's')
    .resources[0]!;

describe('record selection', () => {
  const cases: Array<[string, unknown, string | undefined, unknown[]]> = [
    ['a plain key', { entries: [{ id: 1 }, { id: 2 }] }, 'entries', [{ id: 1 }, { id: 2 }]],
    [
      'a wildcard into wrapped items',
      { entries: [{ item: { id: 1 } }, { item: { id: 2 } }] },
      'entries.*.item',
      [{ id: 1 }, { id: 2 }],
    ],
    [
      'nested wildcards',
      { entries: [{ t: { entries: [{ id: 1 }] } }, { t: { entries: [{ id: 2 }, { id: 3 }] } }] },
      'entries.*.t.entries.*',
      [{ id: 1 }, { id: 2 }, { id: 3 }],
    ],
    ['a single object', { data: { id: 7 } }, 'data', [{ id: 7 }]],
    ['a top-level list with no selector', [{ id: 1 }], undefined, [{ id: 1 }]],
    ['a known list key with no selector', { meta: {}, results: [{ id: 1 }] }, undefined, [{ id: 1 }]],
    ['a dotted key escaped', { 'a.b': [{ id: 1 }] }, 'a\\.b', [{ id: 1 }]],
    ['a bracketed key', { 'weird key': [{ id: 1 }] }, "['weird key']", [{ id: 1 }]],
  ];
  for (const [name, body, selector, expected] of cases) {
    test(`selects ${name}`, () => assert.deepEqual(selectRecords(body as never, selector), expected));
  }
});

describe('record processing', () => {
  test('record_filter keeps the records whose condition holds (seed 002 files and folders)', () => {
    const records = [
      { id: 1, type: 'file' },
      { id: 2, type: 'folder' },
    ];
    assert.deepEqual(
      processRecords(records, resource({ endpoint: { path: '/x', record_filter: "{{ record['type'] == 'file' }}" } })),
      [{ id: 1, type: 'file' }],
    );
  });

  test('processing_steps filter and map run in order', () => {
    const steps = [
      { filter: '{{ record.score > 1 }}' },
      { map: "{{ {'id': record.id, 'double': record.score * 2} }}" },
    ];
    assert.deepEqual(
      processRecords(
        [
          { id: 1, score: 1 },
          { id: 2, score: 3 },
        ],
        resource({ processing_steps: steps }),
      ),
      [{ id: 2, double: 6 }],
    );
  });

  test('a non-object record is refused with a pointer to data_selector', () => {
    assert.throws(() => processRecords([5], resource({})), /record 0 is 5, not an object; check data_selector/);
  });

  test('include_from_parent adds _<parent>_<field> columns', () => {
    const child = resolveSource(
      {
        client: { base_url: 'x' },
        resources: [
          'posts',
          { name: 'comments', endpoint: '/posts/{{ stream_partition.post_id }}/c', include_from_parent: ['title'] },
        ],
      },
      's',
    ).resources[1]!;
    assert.deepEqual(withParentFields([{ id: 1 }], child, { title: 'Hello' }), [{ id: 1, _posts_title: 'Hello' }]);
  });
});
