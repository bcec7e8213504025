import type { PreparedSluiceWorker } from '../../worker/create-worker';
import { standbyTaskQueue } from '../sync-ids';

let waiting: { address: string; worker: PreparedSluiceWorker } | undefined;

/**
 * Creates, in a standby, the worker its run will take: connected to the shared local server at `address`, in the
 * default namespace, with its workflow thread booted, on a task queue of its own. The runtime's CLI logger is
 * installed first, as a run does.
 */
export async function prepareStandbyWorker(address: string): Promise<void> {
  const [{ NativeConnection, prepareSluiceWorker }, { installCliLogger }] = await Promise.all([
    import('../../worker/create-worker'),
    import('../cli/quiet-runtime'),
  ]);
  installCliLogger();
  const connection = await NativeConnection.connect({ address });
  try {
    const taskQueue = standbyTaskQueue(process.pid);
    waiting = { address, worker: await prepareSluiceWorker(connection, { taskQueue }) };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Hands the standby's worker, once, to a run on the server at `address` in `namespace`. */
export function takeStandbyWorker(address: string, namespace: string): PreparedSluiceWorker | undefined {
  const prepared = waiting;
  if (!prepared || prepared.address !== address || prepared.worker.namespace !== namespace) return undefined;
  waiting = undefined;
  return prepared.worker;
}
