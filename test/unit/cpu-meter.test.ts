import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { CpuMeter } from '../../bench/cpu-meter';

/** Spins until this process has used `ms` more of CPU time, however busy the machine is. */
const burnCpu = (ms: number) => {
  const start = process.cpuUsage();
  const used = () => {
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  };
  while (used() < ms);
};

describe(
  'the benchmark CPU meter',
  { skip: process.platform !== 'linux' && 'it reads /proc, which only Linux has' },
  () => {
    it('counts the CPU time a process spends, and not the time it sleeps', async () => {
      const sleeper = spawn(process.execPath, ['-e', 'console.log("ready"); setTimeout(() => {}, 10000)']);
      try {
        // Node's own start-up is CPU time too; the sleeping starts once it says so.
        await new Promise((resolve) => sleeper.stdout.once('data', resolve));
        const meter = new CpuMeter({ busy: process.pid, sleeping: sleeper.pid });
        burnCpu(400);
        const usage = meter.read();
        assert.ok(usage.seconds.busy! >= 0.3, `busy: ${usage.seconds.busy}`);
        assert.ok(usage.seconds.sleeping! < 0.1, `sleeping: ${usage.seconds.sleeping}`);
        assert.ok(
          usage.machineBusyPercent! > 0 && usage.machineBusyPercent! <= 100,
          `machine busy ${usage.machineBusyPercent}%`,
        );
        assert.ok(usage.cores >= 1);
      } finally {
        sleeper.kill();
      }
    });

    it('leaves out a process it cannot read', () => {
      const usage = new CpuMeter({ gone: 2 ** 22 + 1, unknown: undefined }).read();
      assert.deepEqual(usage.seconds, {});
    });
  },
);
