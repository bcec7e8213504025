import { ConfigError } from '../errors';
import type { JsonValue } from '../json';
import type { PaginatorConfig } from '../paginators/paginator';
import type { AuthSpec, EndpointSpec, ResourceSpec, RetrySpec, SourceSpec } from '../source-spec';
import type { SourceConfig } from './config-schema';
import { bindParents } from './bind-parents';
import { checkJsonPaths } from './check-json-paths';
import { takeIncrementalParam } from './incremental-param';
import { inferParent } from './infer-parents';
import { mergeResourceDefaults } from './merge-defaults';
import { isSingleEntityPath } from './placeholders';
import { resolveTable } from './resolve-table';
import { validateConfig } from './validate-config';

/** The seeds' policy: retry 429/5xx, at most 3 retries, backoff factor 2. */
export const DEFAULT_RETRY: RetrySpec = { maxAttempts: 4, backoffFactor: 2, initialIntervalMs: 1000 };

type ResourceObject = ReturnType<typeof mergeResourceDefaults>;

function endpointSpec(resource: ResourceObject): EndpointSpec {
  const endpoint = (
    typeof resource.endpoint === 'string' ? { path: resource.endpoint } : (resource.endpoint ?? {})
  ) as Record<string, unknown>;
  return {
    path: (endpoint.path as string | undefined) ?? resource.name,
    method: (endpoint.method as 'GET' | 'POST' | undefined) ?? 'GET',
    params: { ...((endpoint.params as Record<string, JsonValue>) ?? {}) },
    headers: { ...((endpoint.headers as Record<string, JsonValue>) ?? {}) },
    json: endpoint.json as JsonValue | undefined,
    data: endpoint.data as JsonValue | undefined,
    paginator:
      typeof endpoint.paginator === 'string'
        ? { type: endpoint.paginator }
        : (endpoint.paginator as PaginatorConfig | undefined),
    dataSelector: endpoint.data_selector as string | undefined,
    recordFilter: endpoint.record_filter as string | undefined,
    incremental: endpoint.incremental as EndpointSpec['incremental'],
    responseActions: endpoint.response_actions as JsonValue[] | undefined,
    auth: endpoint.auth as AuthSpec | null | undefined,
  };
}

/**
 * dlt's single-entity rule: a path ending in a placeholder (`posts/{id}`) returns one object, so unless the config
 * says otherwise the whole response is the record and there is one page.
 */
function singleEntity(endpoint: EndpointSpec): void {
  if (!isSingleEntityPath(endpoint.path)) return;
  endpoint.dataSelector ??= '$';
  endpoint.paginator ??= { type: 'single_page' };
}

function resolveResource(resource: ResourceObject, index: number, names: string[], notes: string[]): ResourceSpec {
  const endpoint = endpointSpec(resource);
  takeIncrementalParam(endpoint, `resources[${index}].endpoint`);
  checkJsonPaths(endpoint, `resources[${index}].endpoint`);
  singleEntity(endpoint);
  const explicit = resource.parent
    ? {
        resource: resource.parent.resource,
        field: resource.parent.field ?? 'id',
        as: resource.parent.as ?? resource.parent.field ?? 'id',
      }
    : undefined;
  let parent = bindParents(resource.name, endpoint, explicit, `resources[${index}]`);
  if (!parent) {
    parent = inferParent(
      resource.name,
      { path: endpoint.path, params: endpoint.params, headers: endpoint.headers, json: endpoint.json },
      names,
    );
    if (parent)
      notes.push(
        `resource '${resource.name}': inferred parent '${parent.resource}' (its '${parent.field}' binds '${parent.as}')`,
      );
  }
  if (parent && !names.includes(parent.resource)) {
    throw new ConfigError(
      `resources[${index}]: resource '${resource.name}' names parent '${parent.resource}', which is not a resource (known: ${names.join(', ')})`,
    );
  }
  const table = resolveTable(resource, `resources[${index}]`);
  // dlt deduplicates the incremental boundary by the resource's primary key, or by content without one.
  if (endpoint.incremental && endpoint.incremental.primary_key === undefined && table.primaryKey.length > 0)
    endpoint.incremental = { ...endpoint.incremental, primary_key: table.primaryKey };
  return {
    name: resource.name,
    table,
    selected: resource.selected ?? true,
    endpoint,
    parent,
    includeFromParent: resource.include_from_parent ?? [],
    processingSteps: resource.processing_steps ?? [],
  };
}

/** Orders resources so that every parent comes before its children; a cycle is a config error. */
function dependencyOrder(resources: ResourceSpec[]): ResourceSpec[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  const ordered: ResourceSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (resource: ResourceSpec, chain: string[]) => {
    if (state.get(resource.name) === 'done') return;
    if (state.get(resource.name) === 'visiting')
      throw new ConfigError(`resources form a cycle: ${[...chain, resource.name].join(' -> ')}`);
    state.set(resource.name, 'visiting');
    if (resource.parent) visit(byName.get(resource.parent.resource)!, [...chain, resource.name]);
    state.set(resource.name, 'done');
    ordered.push(resource);
  };
  resources.forEach((resource) => visit(resource, []));
  return ordered;
}

/**
 * Drops `selected: false` resources that feed nobody. One that feeds children still runs, into an internal table its
 * children read their parent keys from, as dlt still evaluates unselected parents.
 */
function withoutUnselected(resources: ResourceSpec[], notes: string[]): ResourceSpec[] {
  const parents = new Set(resources.flatMap((r) => (r.parent ? [r.parent.resource] : [])));
  return resources.flatMap((resource) => {
    if (resource.selected) return [resource];
    if (!parents.has(resource.name)) return [];
    notes.push(
      `resource '${resource.name}' is not selected; it is still read for its children, into an internal table`,
    );
    return [
      { ...resource, table: { ...resource.table, tableName: `_sluice_unselected__${resource.table.tableName}` } },
    ];
  });
}

/** Validates a config and resolves it into the plain-JSON spec that workflows carry. */
export function resolveSource(config: unknown, name: string): SourceSpec {
  const valid: SourceConfig = validateConfig(config);
  const merged = valid.resources.map((resource) => mergeResourceDefaults(resource, valid.resource_defaults));
  const names = merged.map((resource) => resource.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new ConfigError(`resources: the name '${duplicate}' is used twice`);
  const notes: string[] = [];
  const resources = withoutUnselected(
    dependencyOrder(merged.map((resource, index) => resolveResource(resource, index, names, notes))),
    notes,
  );
  if (typeof valid.client.paginator === 'object')
    checkJsonPaths({ paginator: valid.client.paginator } as unknown as EndpointSpec, 'client');
  const retry = valid.client.retry;
  return {
    name,
    client: {
      baseUrl: valid.client.base_url,
      headers: (valid.client.headers ?? {}) as Record<string, JsonValue>,
      auth: valid.client.auth as AuthSpec | undefined,
      retry: {
        maxAttempts: retry?.max_attempts ?? DEFAULT_RETRY.maxAttempts,
        backoffFactor: retry?.backoff_factor ?? DEFAULT_RETRY.backoffFactor,
        initialIntervalMs: retry?.initial_interval_ms ?? DEFAULT_RETRY.initialIntervalMs,
      },
      ...apiLimits(valid.client.max_concurrency, valid.client.requests_per_second),
    },
    resources: resources.map((r) =>
      r.endpoint.paginator || !valid.client.paginator
        ? r
        : {
            ...r,
            endpoint: {
              ...r.endpoint,
              paginator:
                typeof valid.client.paginator === 'string'
                  ? { type: valid.client.paginator }
                  : (valid.client.paginator as PaginatorConfig),
            },
          },
    ),
    notes,
  };
}

/** The client's `limits`, present only when the config sets one, so a config without them resolves as before. */
function apiLimits(maxConcurrency: number | undefined, requestsPerSecond: number | undefined) {
  if (maxConcurrency === undefined && requestsPerSecond === undefined) return {};
  return { limits: { maxConcurrency, requestsPerSecond } };
}
