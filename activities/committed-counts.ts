import type { DestinationRef } from '../engine/sync-types';
import type { DestinationPool } from './destination-pool';

/** Input of `readCommittedCounts`. */
export interface CommittedCountsInput {
  destination: DestinationRef;
  loadId: string;
  /** Resource names, as their checkpoints record them. */
  resources: string[];
}

/** Pages and records a load has committed, per resource. */
export type CommittedCounts = Record<string, { pages: number; records: number }>;

/**
 * What a load has committed for each resource, summed from its checkpoints: the truth about a resource that failed
 * after committing pages, and the starting point of a resumed one. In-memory counts miss the pages of a batch that
 * failed, and those of earlier runs of the same load.
 */
export async function readCommittedCounts(
  pool: DestinationPool,
  input: CommittedCountsInput,
): Promise<CommittedCounts> {
  const destination = await pool.get(input.destination);
  const counts: CommittedCounts = {};
  for (const resource of input.resources) counts[resource] = await destination.committedTotals(resource, input.loadId);
  return counts;
}
