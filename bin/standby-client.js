// Hands `sluice run` to the standby of this CLI build when one waits, so the run skips loading Temporal, the database
// drivers and sluice itself: the standby has them loaded. This process relays the run's output, signals and exit code.
import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { livePid, onMessages, send, standbyPidFile, standbySockets } from './standby-protocol.js';
import { markPhase } from './timings.js';

/** How long a run waits for a standby that is still loading, which takes under a second, before running itself. */
const STARTING_WAIT_MS = 3000;

/**
 * Whether a standby listens on `socket`, which this user owns: a run hands a standby its environment, secrets included.
 * @param {string} socket
 */
function ownSocket(socket) {
  try {
    return statSync(socket).uid === process.getuid?.();
  } catch {
    return false; // not there, or just taken by another run
  }
}

/**
 * Runs `argv` on a standby of the CLI build in `buildDir`, if it is a `run` and a standby takes it: one that listens,
 * or one that begins to within {@link STARTING_WAIT_MS}.
 * @param {string} buildDir
 * @param {string[]} argv
 * @returns {Promise<number | undefined>} the run's exit code, or undefined when no standby took it
 */
export async function runOnStandby(buildDir, argv) {
  if (argv[0] !== 'run' || process.env.SLUICE_STANDBY === '0') return undefined;
  const sockets = standbySockets(buildDir);
  const deadline = Date.now() + STARTING_WAIT_MS;
  while (sockets.length > 0) {
    for (const socket of sockets) {
      if (!ownSocket(socket)) continue;
      const code = await relay(socket, argv);
      if (code !== undefined) return code;
    }
    if (Date.now() > deadline || sockets.every((socket) => livePid(standbyPidFile(socket)) === undefined)) break;
    await sleep(10);
  }
  return undefined;
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
