import type { ResourceOutcome } from '../engine/sync-types';

/** The failure type of a sync that ended with a failed, skipped or cancelled resource. */
export const SYNC_FAILED_TYPE = 'SyncFailed';

const PARENT_ENDING: Record<ResourceOutcome['status'], string> = {
  completed: 'completed',
  failed: 'failed',
  cancelled: 'was cancelled',
  skipped: 'was skipped',
};

/** Why a child resource did not run: its parent's own ending, named. */
export function skipReason(parent: string, parentStatus: ResourceOutcome['status']): string {
  return `parent \`${parent}\` ${PARENT_ENDING[parentStatus]}`;
}

/**
 * The one-line message of a failed sync: each resource that did not complete with its cause, failures first, e.g.
 * `2 of 5 resources did not complete: files failed: HTTP 404 …; users skipped: parent \`files\` failed`.
 */
export function syncFailureMessage(outcomes: Record<string, ResourceOutcome>): string {
  const entries = Object.entries(outcomes);
  const rank = { failed: 0, cancelled: 1, skipped: 2, completed: 3 } as const;
  const bad = entries
    .filter(([, o]) => o.status !== 'completed')
    .sort(([, a], [, b]) => rank[a.status] - rank[b.status]);
  const parts = bad.map(([name, o]) => `${name} ${o.status}${o.error ? `: ${o.error}` : ''}`);
  return `${bad.length} of ${entries.length} resources did not complete: ${parts.join('; ')}`;
}
