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
