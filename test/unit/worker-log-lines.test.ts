import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rememberSecret } from '../../engine/http/redact';
import { createSluiceLogger, oneLineError, temporalLoggerFor } from '../../worker/logging';

/** A logger writing into an array, one parsed JSON object per line. */
function capture(level: 'debug' | 'info' = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { lines, logger: createSluiceLogger({ level, destination }) };
}

test('a remembered secret is masked in the message and in every field, in any encoding', () => {
  rememberSecret('tok-4f9a2c-very-secret');
  const { lines, logger } = capture();
  logger.info(
    { page: 'https://api.example/v1?x=tok-4f9a2c-very-secret', nested: { b64: btoa('tok-4f9a2c-very-secret') } },
    'sent tok-4f9a2c-very-secret',
  );
  assert.deepEqual(
    [lines[0]!.msg, lines[0]!.page, lines[0]!.nested],
    ['sent ***', 'https://api.example/v1?x=***', { b64: '***' }],
  );
});

test('fields named like credentials are masked whatever they hold', () => {
  const { lines, logger } = capture();
  logger.info({ authorization: 'Bearer abc', headers: { password: 'p', accept: 'json' } }, 'request');
  assert.equal(lines[0]!.authorization, '***');
  assert.deepEqual(lines[0]!.headers, { password: '***', accept: 'json' });
});

test('an error reaches the log as one line with its causes, never a stack trace', () => {
  const { lines, logger } = capture();
  const driver = new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect');
  temporalLoggerFor(logger).warn('Activity failed', {
    error: new TypeError('cannot open the destination', { cause: driver }),
  });
  assert.equal(lines[0]!.error, 'TypeError: cannot open the destination ← connect ECONNREFUSED 127.0.0.1:5432');
  assert.doesNotMatch(JSON.stringify(lines), /\bat TCPConnectWrap/);
});

test("Temporal's levels map to pino's, and lines below the level are dropped", () => {
  const { lines, logger } = capture('info');
  const temporal = temporalLoggerFor(logger);
  temporal.debug('hidden');
  temporal.info('shown', { workflowId: 'w', taskToken: 'opaque' });
  temporal.error('failed');
  assert.deepEqual(
    lines.map((line) => [line.level, line.msg, line.workflowId, line.taskToken]),
    [
      ['info', 'shown', 'w', undefined],
      ['error', 'failed', undefined, undefined],
    ],
  );
});

test('a wrapper that repeats its cause is said once', () => {
  const cause = new Error('timeout');
  assert.equal(oneLineError(new Error('query failed: timeout', { cause })), 'query failed: timeout');
});
