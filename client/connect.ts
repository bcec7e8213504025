import { Client, Connection } from '@temporalio/client';
import { SluiceError } from '../engine/errors';
import { sluiceDataConverter } from './payload-codec';

/** The Temporal cluster could not be reached. */
export class TemporalUnavailableError extends SluiceError {
  override name = 'TemporalUnavailableError';
}

/** Connects a Temporal client, turning an unreachable address into one clear error. */
export async function connectClient(address: string, namespace = 'default'): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
    await connection.workflowService.getSystemInfo({});
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new TemporalUnavailableError(`cannot reach Temporal at ${address}: ${reason}`);
  }
  return new Client({ connection, namespace, dataConverter: sluiceDataConverter() });
}
