import { readFileSync } from 'node:fs';

/**
 * Whether process `pid` runs. An exited process its parent has not yet reaped (a zombie, which a detached process
 * whose parent has exited stays until init reaps it) has exited: Linux shows it in /proc; elsewhere it counts as
 * running.
 * @param {number} pid
 * @returns {boolean}
 */
export function processAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT';
  }
}
