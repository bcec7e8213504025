/** One config the differential suite runs with both dlt and sluice. */
export interface DifferentialCase {
  /** Short and lower-case: it names the PostgreSQL schemas and the pipeline. */
  id: string;
  /** What the config exercises. */
  covers: string;
  /** A dlt `rest_api_source` config without `client.base_url` and `client.auth`, which the harness adds. */
  config: Record<string, unknown>;
  /** Columns the config names that hold load times (scd2's validity columns): compared only as set or not. */
  loadTimeColumns?: string[];
}

/** A one-resource config over an item route of the differential API. */
export function itemsConfig(
  endpoint: Record<string, unknown>,
  resource: Record<string, unknown> = { primary_key: 'id', write_disposition: 'merge' },
): Record<string, unknown> {
  return { resources: [{ name: 'items', ...resource, endpoint }] };
}
