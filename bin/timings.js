// SLUICE_TIMINGS=1 prints, on exit, when each phase of the command ended: the `sluice:` performance marks set along
// the way, in milliseconds since the process started, with the time each took after the one before.

import { performance } from 'node:perf_hooks';

/** Whether phase timings are asked for; read on each use, as a standby takes its environment from the run it serves. */
const timingsEnabled = () => Boolean(process.env.SLUICE_TIMINGS);

/**
 * Marks the end of a phase, once: a later mark of the same name is ignored.
 * @param {string} phase
 */
export function markPhase(phase) {
  if (timingsEnabled() && performance.getEntriesByName(`sluice:${phase}`, 'mark').length === 0)
    performance.mark(`sluice:${phase}`);
}

/**
 * The `[timings]` lines of the phases marked so far, each as milliseconds since `origin` (a `performance.timeOrigin`:
 * this process's own, or that of the run a standby serves), with the time it took after the one before.
 * @param {number} origin
 * @param {string} [last] the name of a final line at the time of the call
 * @returns {string}
 */
export function phaseLines(origin = performance.timeOrigin, last) {
  const shift = performance.timeOrigin - origin;
  const marks = performance
    .getEntriesByType('mark')
    .filter((mark) => mark.name.startsWith('sluice:'))
    .map((mark) => ({ name: mark.name.slice(7), at: mark.startTime + shift }));
  if (last) marks.push({ name: last, at: performance.now() + shift });
  marks.sort((a, b) => a.at - b.at);
  let previous = 0;
  return marks
    .map(({ name, at }) => {
      const line = `[timings] ${at.toFixed(0).padStart(6)} ms  +${(at - previous).toFixed(0).padStart(5)}  ${name}\n`;
      previous = at;
      return line;
    })
    .join('');
}

/** Forgets the phases marked so far: a standby times only the run it serves. */
export function clearPhases() {
  performance.clearMarks();
}

/** Prints every phase mark to stderr when the process exits, if SLUICE_TIMINGS is set. */
export function printPhasesOnExit() {
  process.once('exit', () => {
    if (timingsEnabled()) process.stderr.write(phaseLines(performance.timeOrigin, 'exit'));
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
