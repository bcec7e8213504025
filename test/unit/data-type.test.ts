import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inferDataType, isTimestampString } from '../../engine/destinations/data-type';

describe('timestamps are recognised strictly', () => {
  const timestamps = [
    '2024-05-01T10:00:00Z',
    '2024-05-01t10:00:00z',
    '2024-05-01 10:00:00',
    '2024-05-01T10:00',
    '2024-05-01T10:00:00.1Z',
    '2024-05-01T10:00:00.123456789+02:00',
    '2024-05-01T23:59:59-0530',
    '2024-05-01T10:00:00+15',
    '2024-05-01T10:00:00+05:',
    '2024-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
  ];
  const notTimestamps = [
    '2024-05-01',
    '2024-05-01T10',
    '2024-05-01T10:00:00.Z',
    '2024-05-01T10:00:00.1234567890Z',
    '2024-05-01T10:00.5',
    '2024-05-01T10:00:5Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T10:60:00Z',
    '2024-05-01T10:00:60Z',
    '2024-05-01T10:00:00+16:00',
    '2024-05-01T10:00:00+05:3',
    '2024-05-01T10:00:00+5',
    '2024-05-01T10:00:00 Z',
    '2024-05-01T10:00:00ZZ',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-01T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2024-05-01X10:00:00Z',
    '2024/05/01T10:00:00Z',
    '２０２４-05-01T10:00:00Z',
    'a024-05-01T10:00:00Z',
    'not a timestamp at all',
  ];
  for (const value of timestamps)
    it(`accepts ${JSON.stringify(value)}`, () => assert.equal(isTimestampString(value), true));
  for (const value of notTimestamps)
    it(`refuses ${JSON.stringify(value)}`, () => assert.equal(isTimestampString(value), false));

  it('infers timestamp, and text for what only looks like one', () => {
    assert.equal(inferDataType('2024-05-01T10:00:00Z'), 'timestamp');
    assert.equal(inferDataType('2024-05-01T25:00:00Z'), 'text');
  });
});
