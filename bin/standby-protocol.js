// What a `sluice run` and the standby that serves it share: where a standby listens and how they talk. A standby is a
// sluice process, beside the shared local server, that has loaded what a run needs and serves one run handed to it.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { processAlive } from './process-alive.js';

/** The machine-wide directory of the shared local server and its standby: `SLUICE_HOME`, or `~/.sluice`. */
export function sluiceHome() {
  return process.env.SLUICE_HOME || join(homedir(), '.sluice');
}

/** Linux refuses Unix socket paths over 107 bytes. */
const MAX_SOCKET_PATH = 104;

/**
 * How many standbys of a build wait at once: while one serves a run, and its successor loads, the other serves the
 * next run, which may start the moment the last one ends.
 */
const STANDBY_SLOTS = 2;

/**
 * The directory standbys listen in.
 * @returns {string}
 */
export const standbyDir = () => join(sluiceHome(), 'standby');

/**
 * The sockets the standbys of one CLI build listen on, none where the paths would be too long. A standby serves only
 * runs of its own build, so an edited installation never runs stale code.
 * @param {string} buildDir the compiled CLI's directory, named after the hash of its sources
 * @returns {string[]}
 */
export function standbySockets(buildDir) {
  const paths = Array.from({ length: STANDBY_SLOTS }, (_, slot) =>
    join(standbyDir(), `${basename(buildDir)}-${slot}.sock`),
  );
  return paths.every((path) => Buffer.byteLength(path) <= MAX_SOCKET_PATH) ? paths : [];
}

/**
 * The file holding the pid of the standby that is starting or waiting on `socket`; it is gone once that standby
 * serves a run or exits.
 * @param {string} socket
 */
export const standbyPidFile = (socket) => `${socket}.pid`;

/**
 * The pid a standby pid file names, if that process is alive.
 * @param {string} file
 * @returns {number | undefined}
 */
export function livePid(file) {
  let pid;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

/**
 * A message's JSON object with a string `type`, or undefined for anything else.
 * @param {string} line
 * @returns {{ type: string } | undefined}
 */
function parseMessage(line) {
  try {
    const message = JSON.parse(line);
    return message && typeof message === 'object' && typeof message.type === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `handle` with each newline-delimited JSON message `socket` receives. A line that is not a message ends the
 * connection: the peer is not a sluice process speaking this protocol, and nothing it sends afterwards is read.
 * @param {import('node:net').Socket} socket
 * @param {(message: any) => void} handle
 */
export function onMessages(socket, handle) {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const message = parseMessage(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (!message) {
        buffered = '';
        socket.destroy();
        return;
      }
      handle(message);
    }
  });
}

/**
 * Sends one message.
 * @param {import('node:net').Socket} socket
 * @param {object} message
 * @param {() => void} [done] called once it is written
 */
export function send(socket, message, done) {
  socket.write(`${JSON.stringify(message)}\n`, done);
}
