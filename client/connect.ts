import { Client, Connection, type ConnectionLike } from '@temporalio/client';
import { SluiceError } from '../engine/errors';
import { sluiceDataConverter } from './payload-codec';

/** The Temporal cluster could not be reached. */
export class TemporalUnavailableError extends SluiceError {
  override name = 'TemporalUnavailableError';
}

/** Connects a Temporal client, turning an unreachable address into one clear error. */
export async function connectClient(address: string, namespace = 'default'): Promise<Client> {
  return clientOn(
    Connection.connect({ address, connectTimeout: 5000 }).then(async (connection) => {
      await connection.workflowService.getSystemInfo({});
      return connection;
    }),
    address,
    namespace,
  );
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
