import { ConfigError } from '../errors';
import { isPlainObject, type JsonValue } from '../json';
import type { EndpointSpec, ParentSpec } from '../source-spec';
import { placeholderNames, placeholdersIn, pythonText, replacePlaceholders } from './placeholders';

interface Binding {
  resource: string;
  field: string;
  as: string;
}

/** Where the endpoint is in the config, for messages: `resources[3].endpoint`. */
type Where = string;

function resourcesBinding(name: string, where: Where): Binding {
  const parts = name.split('.');
  if (parts.length < 3 || !parts[1] || !parts.slice(2).join('.'))
    throw new ConfigError(`${where}: placeholder '{${name}}' must have the form {resources.<parent>.<field>}`);
  return { resource: parts[1], field: parts.slice(2).join('.'), as: name };
}

/** dlt's `{"type": "resolve", "resource": …, "field": …}` params: removed from params, bound as path placeholders. */
function takeResolveParams(endpoint: EndpointSpec, where: Where): Binding[] {
  const bindings: Binding[] = [];
  for (const [param, value] of Object.entries(endpoint.params)) {
    if (!isPlainObject(value) || value.type !== 'resolve') continue;
    for (const key of Object.keys(value))
      if (!['type', 'resource', 'field'].includes(key))
        throw new ConfigError(`${where}.params.${param} has unknown key '${key}' (known: type, resource, field)`);
    for (const key of ['resource', 'field'])
      if (typeof value[key] !== 'string') throw new ConfigError(`${where}.params.${param}.${key} must be a string`);
    delete endpoint.params[param];
    bindings.push({ resource: value.resource as string, field: value.field as string, as: param });
  }
  return bindings;
}

/** Binds the path's placeholders: parent fields stay for the request, static params are written in, as dlt does. */
function bindPath(endpoint: EndpointSpec, resolve: Binding[], own: Set<string>, where: Where): Binding[] {
  const found: Binding[] = [];
  const unused = new Set(resolve.map((b) => b.as));
  const statics: Record<string, JsonValue> = {};
  for (const { name } of placeholdersIn(endpoint.path)) {
    if (name.startsWith('resources.')) found.push(resourcesBinding(name, where));
    else if (resolve.some((b) => b.as === name)) unused.delete(name);
    else if (own.has(name) || (name.startsWith('incremental.') && own.has('incremental'))) continue;
    else if (Object.hasOwn(endpoint.params, name) && !isPlainObject(endpoint.params[name])) {
      statics[name] = endpoint.params[name]!;
      delete endpoint.params[name];
    } else if (Object.hasOwn(endpoint.params, name))
      throw new ConfigError(
        `${where}.path: placeholder '{${name}}' names a param of type '${String((endpoint.params[name] as Record<string, unknown>).type)}'; a path binds only resolve params`,
      );
    else
      throw new ConfigError(
        `${where}.path: placeholder '{${name}}' is not bound (give a param '${name}', a resolve param, or {resources.<parent>.<field>})`,
      );
  }
  if (unused.size > 0)
    throw new ConfigError(
      `${where}.params.${[...unused][0]}: a resolve param must appear in the path as {${[...unused][0]}}; in other places use {resources.<parent>.<field>}`,
    );
  endpoint.path = replacePlaceholders(endpoint.path, statics, pythonText);
  return found;
}

/** Placeholders in params, json, data and headers: only `resources.…` (and `incremental.…`) bind there, as in dlt. */
function bindOther(endpoint: EndpointSpec, own: Set<string>, where: Where): Binding[] {
  const found: Binding[] = [];
  const parts = { params: endpoint.params, json: endpoint.json, data: endpoint.data, headers: endpoint.headers };
  for (const [part, value] of Object.entries(parts)) {
    for (const name of placeholderNames(value)) {
      if (name.startsWith('resources.')) found.push(resourcesBinding(name, `${where}.${part}`));
      else if (own.has(name) || (name.startsWith('incremental.') && own.has('incremental'))) continue;
      else
        throw new ConfigError(
          `${where}.${part}: placeholder '{${name}}' is not bound (outside the path, placeholders are {resources.<parent>.<field>}${own.has('incremental') ? ' or {incremental.<value>}' : ''}; write {{ and }} for literal braces)`,
        );
    }
  }
  return found;
}

/**
 * Finds the parent a dlt resource reads from, through its resolve params and `{resources.<parent>.<field>}`
 * placeholders, and checks that every placeholder is bound. A resource reads from at most one parent; several fields
 * of it may be bound. `explicit` is a sluice `parent` block, whose `as` is a placeholder too.
 */
export function bindParents(
  resource: string,
  endpoint: EndpointSpec,
  explicit: ParentSpec | undefined,
  where: Where,
): ParentSpec | undefined {
  const own = new Set<string>(explicit ? [explicit.as] : []);
  if (endpoint.incremental) own.add('incremental');
  const resolve = takeResolveParams(endpoint, `${where}.endpoint`);
  const bindings = [
    ...(explicit ? [explicit] : []),
    ...resolve,
    ...bindPath(endpoint, resolve, own, `${where}.endpoint`),
    ...bindOther(endpoint, own, `${where}.endpoint`),
  ];
  const parents = [...new Set(bindings.map((b) => b.resource))];
  if (parents.length > 1)
    throw new ConfigError(
      `${where}: resource '${resource}' is bound to several parents (${parents.map((p) => `'${p}'`).join(', ')}); a resource reads from one parent`,
    );
  const unique = bindings.filter((b, i) => bindings.findIndex((o) => o.as === b.as) === i);
  // Child partitions are the distinct values of the first field, so a parent's `id`, when bound, goes first: a field
  // that several parent rows share would fold their requests into one.
  const [first, ...rest] = [...unique.filter((b) => b.field === 'id'), ...unique.filter((b) => b.field !== 'id')];
  if (!first) return undefined;
  const parent: ParentSpec = { resource: first.resource, field: first.field, as: first.as };
  if (rest.length > 0) parent.more = rest.map(({ field, as }) => ({ field, as }));
  return parent;
}
