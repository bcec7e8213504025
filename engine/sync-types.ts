import type { IncrementalState } from './incremental';
import type { JsonValue } from './json';
import type { PaginatorState } from './paginators/paginator';
import type { TableSpec } from './destinations/destination';
import type { ClientSpec, ResourceSpec, SourceSpec } from './source-spec';

/** The task queue sluice's workflows and activities use unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'sluice';

/** Where a sync writes. The URL never carries a password: the worker supplies it. */
export interface DestinationRef {
  url: string;
  dataset: string;
}

/** Where a resource's walk stands: plain JSON, carried through workflow history and continue-as-new. */
export interface ResourceCursor {
  /** For child resources: the last parent key whose partition is complete (null before the first). */
  partitionAfter: JsonValue;
  /** The partition being walked ('' for a top-level resource). */
  partition: string;
  /** The parent key bound in the current partition (child resources only). */
  partitionValue?: JsonValue;
  /** The parent's `include_from_parent` fields for the current partition. */
  partitionFields?: Record<string, JsonValue>;
  /** Sequence number of the last committed page in the partition. */
  seq: number;
  /** Paginator state of the next page; null before the partition's first page. */
  state: PaginatorState | null;
  /** The incremental window of the partition, for resources with `incremental`. */
  incremental?: IncrementalState;
}

/** What `_sluice_state` stores for a partition after each page. */
export interface CheckpointState {
  paginator: PaginatorState;
  incremental?: IncrementalState;
}

/** Counters a resource accumulates. */
export interface ResourceCounts {
  pages: number;
  records: number;
  /** Pages found already committed and not written again. */
  skippedPages: number;
  partitions: number;
}

/** Input of the `fetchAndWritePages` activity: walk pages from `cursor`, committing each with its checkpoint. */
export interface FetchAndWritePagesInput {
  sourceName: string;
  client: ClientSpec;
  resource: ResourceSpec;
  /** The parent resource's table, whose keys a child resource fans out over. */
  parentTable?: TableSpec;
  destination: DestinationRef;
  loadId: string;
  cursor: ResourceCursor;
  /** Stop after this many pages or milliseconds, whichever comes first. */
  maxPages: number;
  maxMillis: number;
  /** Pages fetched ahead at once where the paginator can predict them (default 8; 1 fetches one by one). */
  prefetchWindow?: number;
}

/** Output of `fetchAndWritePages`: where the walk stands now, and what it did. Never records. */
export interface FetchAndWritePagesResult {
  cursor: ResourceCursor;
  done: boolean;
  counts: ResourceCounts;
  /** The last URL fetched, secrets redacted. */
  lastUrl?: string;
  notes: string[];
  /** Set when the batch stopped early on a retryable failure: wait this long before the next call. */
  retryAfterMs?: number;
  /** When done: the pages and records the load committed for the resource, read from its checkpoints. */
  committed?: { pages: number; records: number };
}

/** Input of the source workflow. */
export interface SyncSourceInput {
  source: SourceSpec;
  destination: DestinationRef;
  /** Start a new load even if the last one did not finish. */
  fullRefresh?: boolean;
  /**
   * Pages per activity at most (default: BATCH_PAGES in workflows/sync-resource.ts); activities also stop after
   * about a second.
   */
  pagesPerActivity?: number;
  /** Pages fetched ahead at once where the paginator can predict them (default 8). */
  prefetchWindow?: number;
  /** Activities per workflow run before continue-as-new (default: when Temporal suggests it). */
  continueAsNewAfter?: number;
}

/** One resource's outcome. */
export interface ResourceOutcome extends ResourceCounts {
  status: 'completed' | 'failed' | 'cancelled' | 'skipped';
  error?: string;
  /** What the engine detected or inferred while walking the resource. */
  notes?: string[];
}

/** The source workflow's result. */
export interface SyncSourceResult {
  loadId: string;
  resumed: boolean;
  status: 'completed' | 'failed' | 'cancelled';
  resources: Record<string, ResourceOutcome>;
  notes: string[];
}

/** Input of a resource workflow: what its activities get, less the per-call cursor and budget. */
export interface SyncResourceInput extends Omit<FetchAndWritePagesInput, 'cursor' | 'maxPages' | 'maxMillis'> {
  cursor?: ResourceCursor;
  counts?: ResourceCounts;
  /** Detections reported so far, carried across continue-as-new. */
  notes?: string[];
  pagesPerActivity?: number;
  continueAsNewAfter?: number;
}

/** Live progress of a resource, answered by the `progress` query. */
export interface ResourceProgress extends ResourceCounts {
  resource: string;
  state: 'waiting' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'skipped';
  cursor?: ResourceCursor;
  lastUrl?: string;
  /** Why a resource failed or was skipped. */
  error?: string;
}
