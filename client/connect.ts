import { Client, Connection, type ConnectionLike } from '@temporalio/client';
import { SluiceError } from '../engine/errors';
import { probeTcp } from './dev-server/free-port';
import { sluiceDataConverter } from './payload-codec';

/** The Temporal cluster could not be reached. */
export class TemporalUnavailableError extends SluiceError {
  override name = 'TemporalUnavailableError';
}

/**
 * Connects a Temporal client, turning an unreachable address into one clear error. An address where nothing listens
 * fails at once: the client's own connection would retry there until its deadline, and hold the process that long.
 */
export async function connectClient(address: string, namespace = 'default'): Promise<Client> {
  const connecting = nothingListens(address).then(async (refused) => {
    if (refused) throw new Error('connection refused');
    const connection = await Connection.connect({ address, connectTimeout: 5000 });
    await connection.workflowService.getSystemInfo({});
    return connection;
  });
  return clientOn(connecting, address, namespace);
}

/** How long the probe waits for a TCP answer before leaving the verdict to the connection itself. */
const PROBE_TIMEOUT_MS = 2000;

/** Whether host:port refuses TCP connections; false for an address that cannot be split. */
async function nothingListens(address: string): Promise<boolean> {
  const match = /^(.*):(\d+)$/.exec(address);
  if (!match) return false;
  const host = match[1]!.replace(/^\[(.*)\]$/, '$1');
  return (await probeTcp(host, Number(match[2]), PROBE_TIMEOUT_MS)) === 'refused';
}

/** A Temporal client on a connection being opened (an embedded worker's, say), with the same clear error. */
export async function clientOn(
  connecting: Promise<ConnectionLike>,
  address: string,
  namespace = 'default',
): Promise<Client> {
  let connection: ConnectionLike;
  try {
    connection = await connecting;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new TemporalUnavailableError(`cannot reach Temporal at ${address}: ${reason}`);
  }
  return new Client({ connection, namespace, dataConverter: sluiceDataConverter() });
}
