import type { Client } from '@temporalio/client';
import { limiterWorkflowId } from '../activities/api-limits';
import type { SourceSpec } from '../engine/source-spec';

/** How long the server may take to end the limiter. */
const ANSWER_MS = 5000;

/**
 * Ends the API limiter that an embedded run's worker started on the run's own task queue, once the sync has ended. No
 * worker polls that queue after the run, so the limiter could never wait out its idle minute and end itself: it would
 * stay Running. A source without `max_concurrency` or `requests_per_second` starts none.
 */
export async function endRunLimiter(client: Client, taskQueue: string, source: SourceSpec): Promise<void> {
  if (!source.client.limits) return;
  const workflowId = limiterWorkflowId(taskQueue, source.name, source.client.baseUrl);
  // A limiter that never started, or has ended, is left as it is; a server that no longer answers does not hold the
  // run's exit.
  await client
    .withDeadline(Date.now() + ANSWER_MS, () =>
      client.workflow.getHandle(workflowId).terminate('the run whose worker used this limiter has ended'),
    )
    .catch(() => undefined);
}
