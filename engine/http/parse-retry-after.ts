/**
 * Longest wait a Retry-After header can ask for, as dlt's `request_max_retry_delay`: an API asking for days (or
 * `Retry-After: 999999999`) must not park a sync for years.
 */
export const MAX_RETRY_AFTER_MS = 300_000;

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), at most {@link MAX_RETRY_AFTER_MS}, or undefined. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  let wait: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) wait = Number(trimmed) * 1000;
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    wait = date - now;
  }
  return Math.round(Math.min(MAX_RETRY_AFTER_MS, Math.max(0, wait)));
}
