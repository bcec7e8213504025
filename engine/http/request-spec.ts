import type { JsonValue } from '../json';

/** Query parameter values, as they go on the wire. */
export type ParamValue = string | number | boolean;

/** A request before it is sent: plain JSON, so paginators can build it purely. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Absolute URL, possibly with its own query string. */
  url: string;
  params: Record<string, ParamValue>;
  headers: Record<string, string>;
  json?: JsonValue;
  /** Form fields for `data`. */
  data?: Record<string, string>;
}

/** A received page: the parsed body, the headers (lower-cased names) and the selected records. */
export interface PageResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: JsonValue;
  /** Records picked by the data selector, before record filters. */
  records: JsonValue[];
}
