import { ConfigError } from '../errors';
import { isTemplate } from '../expressions';
import { isPlainObject } from '../json';
import type { IncrementalConfig } from '../incremental';
import type { EndpointSpec } from '../source-spec';

/**
 * dlt's incremental param, `params: {since: {"type": "incremental", "cursor_path": …}}`, is the resource's incremental
 * with `since` as its start param. It leaves the params (it is never sent as written); one incremental per resource.
 */
export function takeIncrementalParam(endpoint: EndpointSpec, where: string): void {
  const names = Object.keys(endpoint.params).filter((name) => {
    const value = endpoint.params[name];
    return isPlainObject(value) && value.type === 'incremental';
  });
  if (names.length > 1)
    throw new ConfigError(`${where}.params may hold one incremental param, not ${names.length} (${names.join(', ')})`);
  const [name] = names;
  if (name !== undefined) {
    if (endpoint.incremental)
      throw new ConfigError(
        `${where}: params.${name} is an incremental param and endpoint.incremental is set too; a resource has one incremental`,
      );
    const config = { ...(endpoint.params[name] as Record<string, unknown>) };
    delete config.type;
    delete endpoint.params[name];
    endpoint.incremental = { ...(config as unknown as IncrementalConfig), start_param: name };
  }
  const convert = endpoint.incremental?.convert;
  if (convert !== undefined && !isTemplate(convert))
    throw new ConfigError(
      `${where}.${name === undefined ? 'incremental' : `params.${name}`}.convert must be a template such as "{{ value | int }}"`,
    );
}
