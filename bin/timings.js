// SLUICE_TIMINGS=1 prints, on exit, when each phase of the command ended: the `sluice:` performance marks set along
// the way, in milliseconds since the process started, with the time each took after the one before.

import { performance } from 'node:perf_hooks';
/** Whether phase timings are asked for. */
export const timingsEnabled = Boolean(process.env.SLUICE_TIMINGS);

/**
 * Marks the end of a phase, once: a later mark of the same name is ignored.
 * @param {string} phase
 */
export function markPhase(phase) {
  if (timingsEnabled && performance.getEntriesByName(`sluice:${phase}`, 'mark').length === 0)
    performance.mark(`sluice:${phase}`);
}

/** Prints every phase mark to stderr when the process exits. */
export function printPhasesOnExit() {
  if (!timingsEnabled) return;
  process.once('exit', () => {
    const marks = performance
      .getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('sluice:'))
      .sort((a, b) => a.startTime - b.startTime);
    let previous = 0;
    const lines = marks.map((mark) => {
      const line = `[timings] ${mark.startTime.toFixed(0).padStart(6)} ms  +${(mark.startTime - previous).toFixed(0).padStart(5)}  ${mark.name.slice(7)}`;
      previous = mark.startTime;
      return line;
    });
    const end = performance.now();
    lines.push(`[timings] ${end.toFixed(0).padStart(6)} ms  +${(end - previous).toFixed(0).padStart(5)}  exit`);
    process.stderr.write(`${lines.join('\n')}\n`);
  });
}

/**
 * SLUICE_CPU_PROF=DIR writes a V8 CPU profile of the whole process into DIR when it exits, for processes whose Node
 * flags cannot be set (NODE_OPTIONS refuses --cpu-prof), such as the benchmark's `sluice worker`.
 */
export async function profileIfAsked() {
  const dir = process.env.SLUICE_CPU_PROF;
  if (!dir) return;
  const [{ Session }, { writeFileSync }, { join }] = await Promise.all([
    import('node:inspector'),
    import('node:fs'),
    import('node:path'),
  ]);
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.once('exit', () => {
    // A session on this thread answers synchronously, so the profile is written before the process ends.
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `sluice-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
