/**
 * A reference to a secret, resolved by name inside activities. Configs carry these instead of secret values, so that
 * secrets never enter workflow history. In JSON, YAML and TS configs it is written `{"$secret": "client_id"}`; in
 * Python documents `dlt.secrets["client_id"]` becomes the same object.
 */
export interface SecretRef {
  $secret: string;
}

/** Whether a value is a secret reference. */
export function isSecretRef(value: unknown): value is SecretRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $secret?: unknown }).$secret === 'string' &&
    Object.keys(value).length === 1
  );
}
