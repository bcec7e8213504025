import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coerceValue, inferDataType, isTimestampString } from '../../engine/destinations/data-type';
import { parseIsoTimestamp } from '../../engine/destinations/iso-timestamp';

describe('timestamps are detected as dlt detects them, and stored in UTC', () => {
  // Each expected UTC value is what dlt 1.31's iso_timestamp detection and coercion gave for the string; null where
  // dlt leaves it text. '0001-01-01T00:00:00+01:00' is detected by dlt but fails its load, so sluice keeps it text.
  // A string already written as a UTC instant with `Z` is kept as written (dlt prints it with +00:00).
  const cases: Array<[string, string | null]> = [
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z'],
    ['2024-05-01T10:00:00+02:00', '2024-05-01T08:00:00+00:00'],
    ['2024-05-01 10:00:00', '2024-05-01T10:00:00+00:00'],
    ['2024-05-01T10:00', '2024-05-01T10:00:00+00:00'],
    ['2024-05-01T10', '2024-05-01T10:00:00+00:00'],
    ['2024-05-01T10:00:00.123456789+02:00', '2024-05-01T08:00:00.123456+00:00'],
    ['2024-05-01T23:59:59-0530', '2024-05-02T05:29:59+00:00'],
    ['2024-05-01T10:00:00+02', '2024-05-01T08:00:00+00:00'],
    ['2024-05-01T10:00:00,5Z', '2024-05-01T10:00:00.500000+00:00'],
    ['2024-05-01T10:00:00.1234567891Z', '2024-05-01T10:00:00.123456+00:00'],
    ['20240501T100000Z', '2024-05-01T10:00:00+00:00'],
    ['2024-W18-3T10:00', '2024-05-01T10:00:00+00:00'],
    ['2024-122T10:00', '2024-05-01T10:00:00+00:00'],
    ['2024/05/01 10:00', '2024-05-01T10:00:00+00:00'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['0001-01-01T00:00:00+01:00', null],
    ['2024-05-01t10:00:00z', null],
    ['2024-05-01', null],
    ['20240501', null],
    ['2024-05-01T1000', null],
    ['2024-05-01T10:00:00.Z', null],
    ['2024-05-01T10:00.5', null],
    ['2024-05-01T24:00:00Z', null],
    ['2024-05-01T10:60:00Z', null],
    ['2024-05-01T10:00:60Z', null],
    ['2024-05-01T10:00:00+05:3', null],
    ['2024-05-01T10:00:00+5', null],
    ['2024-05-01T10:00:00 Z', null],
    ['2023-02-29T00:00:00Z', null],
    ['2024-13-01T00:00:00Z', null],
    ['0000-01-01T00:00:00Z', null],
    ['10:00:00', null],
    ['202410:00', null],
    ['\uff12\uff10\uff12\uff14-05-01T10:00:00Z', null],
    ['not a timestamp at all', null],
    ['1714557600', null],
  ];
  for (const [value, utc] of cases) {
    it(`reads ${JSON.stringify(value)} as ${utc ?? 'text'}`, () => {
      assert.equal(parseIsoTimestamp(value) ?? null, utc);
      assert.equal(isTimestampString(value), utc !== null);
    });
  }

  it('infers timestamp, and text for what only looks like one', () => {
    assert.equal(inferDataType('2024-05-01T10:00:00Z'), 'timestamp');
    assert.equal(inferDataType('2024-05-01T25:00:00Z'), 'text');
  });

  it('stores a date in a timestamp column at its UTC midnight, as dlt coerces it', () => {
    assert.equal(coerceValue('2024-05-01', 'text', 'timestamp'), '2024-05-01T00:00:00+00:00');
    assert.equal(coerceValue('2024-05-01T10:00:00+02:00', 'timestamp', 'timestamp'), '2024-05-01T08:00:00+00:00');
    assert.equal(typeof coerceValue('soon', 'text', 'timestamp'), 'symbol');
  });
});
