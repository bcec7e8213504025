import type { Client } from '@temporalio/client';
import { resourceWorkflowId } from '../workflows/sync-source';

/**
 * The Temporal history events of one sync: its own workflow's and each resource workflow's latest run, so the cost
 * the server pays per resource can be read beside the worker's CPU.
 */
export async function historyEvents(
  client: Client,
  workflowId: string,
  resources: string[],
): Promise<{ sync: number; perResource: number[] }> {
  const count = async (id: string) => (await client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0;
  return {
    sync: await count(workflowId),
    perResource: await Promise.all(resources.map((resource) => count(resourceWorkflowId(workflowId, resource)))),
  };
}
