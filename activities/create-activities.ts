import { Context } from '@temporalio/activity';
import type { SecretResolver } from '../engine/config/secrets';
import type { HttpClient } from '../engine/http/http-client';
import type { FetchAndWritePagesInput, FetchAndWritePagesResult } from '../engine/sync-types';
import { readCommittedCounts, type CommittedCounts, type CommittedCountsInput } from './committed-counts';
import type { DestinationPool } from './destination-pool';
import { fetchAndWritePages } from './fetch-and-write-pages';
import {
  beginLoad,
  finishResource,
  type BeginLoadInput,
  type BeginLoadResult,
  type FinishResourceInput,
} from './load-activities';
import { createApiLimits } from './api-limits';
import { createSluiceMetrics, type SluiceMetrics } from './sluice-metrics';
import { withFailureMapping } from './to-application-failure';

/** What the activities need from the worker. */
export interface ActivityDeps {
  http: HttpClient;
  secrets: SecretResolver;
  destinations: DestinationPool;
}

/**
 * sluice's activities, bound to the worker's HTTP client, secrets and destination pool. Workflows import the type
 * of this object only.
 */
export function createActivities(deps: ActivityDeps) {
  const limits = createApiLimits();
  let metrics: SluiceMetrics | undefined;
  return {
    /** Starts or resumes a load. */
    beginLoad(input: BeginLoadInput): Promise<BeginLoadResult> {
      return withFailureMapping(() => beginLoad(deps.destinations, input));
    },
    /** Fetches and writes pages of one resource, each page in one transaction with its checkpoint. */
    fetchAndWritePages(input: FetchAndWritePagesInput): Promise<FetchAndWritePagesResult> {
      metrics ??= createSluiceMetrics(Context.current().metricMeter);
      return fetchAndWritePages({ ...deps, limits, metrics }, input);
    },
    /** The pages and records a load has committed per resource, from its checkpoints. */
    readCommittedCounts(input: CommittedCountsInput): Promise<CommittedCounts> {
      return withFailureMapping(() => readCommittedCounts(deps.destinations, input));
    },
    /** Records a resource's outcome and swaps in replaced tables. */
    finishResource(input: FinishResourceInput): Promise<void> {
      return withFailureMapping(() => finishResource(deps.destinations, input));
    },
  };
}

/** The activity interface, for `proxyActivities` in workflows. */
export type SluiceActivities = ReturnType<typeof createActivities>;
