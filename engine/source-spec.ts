import type { ColumnHint, TableSpec } from './destinations/destination';
import type { IncrementalConfig } from './incremental';
import type { JsonValue } from './json';
import type { PaginatorConfig } from './paginators/paginator';

/** Temporal retry settings for page fetches, from the seeds' policy unless the config says otherwise. */
export interface RetrySpec {
  maxAttempts: number;
  backoffFactor: number;
  initialIntervalMs: number;
}

/** An auth config as written, with secrets still as references. */
export type AuthSpec = { type: string } & Record<string, JsonValue>;

/** The HTTP client part of a source. */
export interface ClientSpec {
  baseUrl: string;
  headers: Record<string, JsonValue>;
  auth?: AuthSpec;
  retry: RetrySpec;
  /** `client.max_concurrency` and `client.requests_per_second`, enforced across every worker. */
  limits?: ApiLimits;
}

/** Limits on the load a source puts on its API, shared by every worker of a task queue. */
export interface ApiLimits {
  /** Requests in flight at once, across workers. */
  maxConcurrency?: number;
  /** Requests started per second, across workers. */
  requestsPerSecond?: number;
}

/** A resource's request, after defaults are merged. */
export interface EndpointSpec {
  path: string;
  method: 'GET' | 'POST';
  params: Record<string, JsonValue>;
  headers: Record<string, JsonValue>;
  json?: JsonValue;
  data?: JsonValue;
  paginator?: PaginatorConfig;
  dataSelector?: string;
  recordFilter?: string;
  incremental?: IncrementalConfig;
  /** dlt's `response_actions`, as written. */
  responseActions?: JsonValue[];
  /** The endpoint's own auth; `auth: null` is unset, so the client's auth applies, as in dlt. */
  auth?: AuthSpec | null;
}

/** How a child resource gets its parent's records: each parent row's `field` is bound to `as`. */
export interface ParentSpec {
  resource: string;
  field: string;
  /** The name the value is bound to: a `stream_partition` key, or a dlt placeholder name. */
  as: string;
  /** Further fields of the same parent row bound in the same request (`/{resources.repos.org}/{resources.repos.name}`). */
  more?: Array<{ field: string; as: string }>;
}

/** A resource, fully resolved: what the resource workflow and its activities need, all plain JSON. */
export interface ResourceSpec {
  name: string;
  table: TableSpec;
  selected: boolean;
  endpoint: EndpointSpec;
  parent?: ParentSpec;
  includeFromParent: string[];
  processingSteps: Array<{ filter?: string; map?: string }>;
}

/** A source, resolved: defaults merged, parents inferred, resources in dependency order. */
export interface SourceSpec {
  name: string;
  client: ClientSpec;
  resources: ResourceSpec[];
  /** What was inferred about the config (parents, paginators), for the user to read. */
  notes: string[];
}

export type { ColumnHint };
