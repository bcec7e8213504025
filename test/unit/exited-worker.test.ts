import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { exitedOnThisHost } from '../../worker/fleet/fleet-activities';

test('a worker identity naming a process of this host that has exited is recognised', async () => {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  assert.equal(exitedOnThisHost(`${child.pid}@${hostname()}`), true);
});

test('a running process of this host, another host, or a custom identity is not taken for exited', () => {
  assert.equal(exitedOnThisHost(`${process.pid}@${hostname()}`), false);
  assert.equal(exitedOnThisHost(`999999999@not-${hostname()}`), false);
  assert.equal(exitedOnThisHost('worker-a'), false);
});
