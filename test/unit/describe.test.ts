import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBatch, progressTable } from '../../workflows/describe';

const counts = (pages: number, records: number, partitions = 0) => ({ pages, records, skippedPages: 0, partitions });

describe('what the Temporal UI shows of a resource', () => {
  it('describes a batch by its range of the load’s pages', () => {
    assert.equal(describeBatch(counts(12, 1200), counts(20, 2000), 980), 'pages 13–20: 800 records in 1.0 s');
    assert.equal(describeBatch(counts(12, 1200), counts(13, 1250), 40), 'page 13: 50 records in 0.0 s');
    assert.equal(describeBatch(counts(3, 30, 2), counts(3, 30, 2), 1500), 'no new pages: 0 records in 1.5 s');
    assert.equal(
      describeBatch(counts(3, 30, 2), counts(9, 90, 8), 1000),
      'pages 4–9: 60 records, 6 partitions done in 1.0 s',
    );
  });

  it('lists recent batches under the progress table, and only when there are some', () => {
    const row = { resource: 'files', state: 'running' as const, ...counts(20, 2000) };
    assert.equal(
      progressTable([row]),
      '| resource | state | pages | records |\n|---|---|---:|---:|\n| files | running | 20 | 2000 |',
    );
    assert.equal(
      progressTable([row], ['pages 1–10: 1000 records in 1.0 s']).split('\n').slice(3).join('\n'),
      '\n**Recent page batches**\n\n- pages 1–10: 1000 records in 1.0 s',
    );
  });
});
