import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../engine/http/parse-retry-after';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  const cases: Array<[header: string | undefined, expected: number | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['0', 0],
    ['2', 2000],
    [' 1.5 ', 1500],
    ['999999999', MAX_RETRY_AFTER_MS],
    ['1e9', undefined],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['Fri, 01 Jan 2100 00:00:00 GMT', MAX_RETRY_AFTER_MS],
  ];
  for (const [header, expected] of cases) {
    test(`reads ${JSON.stringify(header)} as ${String(expected)} ms`, () => {
      assert.equal(parseRetryAfter(header, NOW), expected);
    });
  }
});
