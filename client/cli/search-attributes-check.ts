import { SluiceError } from '../../engine/errors';
import { SLUICE_SEARCH_ATTRIBUTES } from '../../engine/search-attributes';
import { connectClient } from '../connect';

/** The Temporal namespace lacks search attributes that sluice sets on its workflows. */
export class MissingSearchAttributesError extends SluiceError {
  override name = 'MissingSearchAttributesError';
}

/** The `temporal` CLI command that registers `missing` in `namespace`. */
export function registerSearchAttributesCommand(namespace: string, missing: string[]): string {
  const names = missing.map((name) => `--name ${name} --type Keyword`).join(' ');
  return `temporal operator search-attribute create --namespace ${namespace} ${names}`;
}

/**
 * Explains a workflow that could not start because its namespace lacks sluice's search attributes: names the missing
 * ones and the command that registers them. Returns undefined when they are all there (the failure has another cause).
 */
export async function missingSearchAttributesError(
  address: string,
  namespace: string,
): Promise<MissingSearchAttributesError | undefined> {
  const client = await connectClient(address, namespace);
  try {
    const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace });
    const missing = SLUICE_SEARCH_ATTRIBUTES.map((key) => key.name).filter((name) => !customAttributes?.[name]);
    if (missing.length === 0) return undefined;
    return new MissingSearchAttributesError(
      `namespace '${namespace}' at ${address} lacks sluice's search attributes ${missing.join(', ')}: register them with '${registerSearchAttributesCommand(namespace, missing)}'`,
    );
  } finally {
    await client.connection.close();
  }
}
