// Hands `sluice run` to the standby of this CLI build when one waits, so the run skips loading Temporal, the database
// drivers and sluice itself: the standby has them loaded. This process relays the run's output, signals and exit code.
import { existsSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { livePid, onMessages, send, standbyPidFile, standbySocket } from './standby-protocol.js';
import { markPhase } from './timings.js';

/** How long a run waits for a standby that is still loading, which takes under a second, before running itself. */
const STARTING_WAIT_MS = 3000;

/**
 * Whether a standby listens on `socket`, or begins to within {@link STARTING_WAIT_MS}.
 * @param {string} socket
 */
async function standbyListens(socket) {
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    if (existsSync(socket)) return statSync(socket).uid === process.getuid?.();
    if (livePid(standbyPidFile(socket)) === undefined || Date.now() > deadline) return false;
    await sleep(10);
  }
}

/**
 * Runs `argv` on the standby of the CLI build in `buildDir`, if it is a `run` and a standby takes it.
 * @param {string} buildDir
 * @param {string[]} argv
 * @returns {Promise<number | undefined>} the run's exit code, or undefined when no standby took it
 */
export async function runOnStandby(buildDir, argv) {
  if (argv[0] !== 'run' || process.env.SLUICE_STANDBY === '0') return undefined;
  const socket = standbySocket(buildDir);
  if (!socket || !(await standbyListens(socket))) return undefined;
  return relay(socket, argv);
}

/**
 * @param {string} path
 * @param {string[]} argv
 * @returns {Promise<number | undefined>}
 */
function relay(path, argv) {
  return new Promise((resolve) => {
    const socket = connect(path);
    let taken = false;
    /** @type {number | undefined} */
    let exitCode;
    /** @type {NodeJS.Signals | undefined} */
    let signalled;
    /** @param {NodeJS.Signals} signal */
    const forward = (signal) => {
      signalled = signal;
      send(socket, { type: 'signal', signal });
    };
    const done = (/** @type {number | undefined} */ code) => {
      process.off('SIGINT', forward).off('SIGTERM', forward).off('SIGHUP', forward);
      resolve(code);
    };
    socket.once('connect', () =>
      send(socket, {
        type: 'run',
        argv,
        env: process.env,
        cwd: process.cwd(),
        umask: process.umask(),
        stdoutTty: process.stdout.isTTY === true,
        stderrTty: process.stderr.isTTY === true,
        columns: process.stderr.columns,
        timeOrigin: performance.timeOrigin,
      }),
    );
    onMessages(socket, (message) => {
      if (message.type === 'taken') {
        taken = true;
        markPhase('handed to the standby');
        process.on('SIGINT', forward).on('SIGTERM', forward).on('SIGHUP', forward);
      } else if (message.type === 'busy') socket.destroy();
      else if (message.type === 'stdout') process.stdout.write(message.text);
      else if (message.type === 'stderr') process.stderr.write(message.text);
      else if (message.type === 'exit') {
        exitCode = message.code;
        socket.destroy();
      }
    });
    socket.once('error', () => undefined);
    socket.once('close', () => {
      if (exitCode !== undefined || !taken) return done(exitCode);
      process.stderr.write(
        'sluice run: the process serving this run ended before the run did; the sync keeps every committed page, and running it again resumes it\n',
      );
      done(signalled ? 128 + constants.signals[signalled] : 1);
    });
  });
}
