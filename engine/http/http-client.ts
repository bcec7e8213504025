import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import fetch, { FetchError } from 'node-fetch';
import { HttpError } from '../errors';
import type { JsonValue } from '../json';
import { requestUrl } from './build-request';
import { parseBody } from './parse-body';
import { parseRetryAfter } from './parse-retry-after';
import { redact, redactUrl } from './redact';
import type { RequestSpec } from './request-spec';

/** Longest request URL sent, in characters; far beyond what servers accept (8 KB is common), so never a real limit. */
export const MAX_URL_LENGTH = 65_536;

/**
 * Largest response body read, after decompression: a page past it fails at once, so neither a gzip bomb nor an endless
 * body can exhaust the worker's memory. Real pages are a few MB; a JavaScript string cannot hold 512 MB anyway.
 */
export const MAX_BODY_BYTES = 100 * 1024 * 1024;

/** Statuses retried by default, from the seeds' policy. */
export const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** A response whose body parsed as JSON. */
export interface JsonResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: JsonValue;
}

/** Options for {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  userAgent?: string;
}

/** Sends requests over keep-alive connections and turns every failure into an {@link HttpError}. */
export interface HttpClient {
  /** Sends a request; non-2xx answers throw, except 401 which is returned for the caller's auth to handle. */
  send(request: RequestSpec): Promise<JsonResponse>;
  close(): void;
}

/** The start of a body, for an error message; an API may echo what it was sent, so secrets are masked first. */
function excerpt(text: string): string {
  const flat = redact(text.slice(0, 4096)).replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** Why a request got no complete response, as an {@link HttpError} naming the request. */
function fetchFailure(error: unknown, requested: string, timeout: AbortSignal, timeoutMs: number): HttpError {
  if (error instanceof FetchError && error.type === 'max-size') {
    const limit = `${MAX_BODY_BYTES / 1024 / 1024} MiB`;
    return new HttpError(
      `${requested} answered with a body over ${limit} (decompressed), more than sluice reads`,
      undefined,
      false,
    );
  }
  if (timeout.aborted)
    return new HttpError(`${requested} got no complete answer within ${timeoutMs / 1000} s`, undefined, true);
  const message = error instanceof Error ? error.message : String(error);
  // node-fetch repeats the whole URL, query and all; keep only its reason.
  const reason = message.replace(/^request to \S+ failed, reason: /, '');
  return new HttpError(`${requested} failed: ${reason}`, undefined, true);
}

/** Creates an HTTP client with one keep-alive agent per protocol. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    async send(request: RequestSpec): Promise<JsonResponse> {
      const url = requestUrl(request);
      if (url.length > MAX_URL_LENGTH) {
        throw new HttpError(
          `${request.method} ${redactUrl(url.slice(0, 200))}… is ${url.length} characters long, over the limit of ${MAX_URL_LENGTH}`,
          undefined,
          false,
        );
      }
      const shown = redactUrl(url);
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': options.userAgent ?? 'sluice',
        ...request.headers,
      };
      let body: string | undefined;
      if (request.json !== undefined) {
        body = JSON.stringify(request.json);
        headers['content-type'] = 'application/json';
      } else if (request.data) {
        body = new URLSearchParams(request.data).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      let response;
      let text: string;
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body,
          redirect: 'manual',
          agent: (parsed) => (parsed.protocol === 'http:' ? httpAgent : httpsAgent),
          signal: timeout,
          size: MAX_BODY_BYTES,
        });
        text = await response.text();
      } catch (error) {
        throw fetchFailure(error, `${request.method} ${shown}`, timeout, timeoutMs);
      }
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => (responseHeaders[key] = value));
      const status = response.status;
      if (status >= 300 && status < 400) {
        throw new HttpError(
          `${request.method} ${shown} answered ${status} (redirect to ${redactUrl(responseHeaders.location ?? '?')}); set the endpoint's path to the final URL`,
          status,
          false,
        );
      }
      if (status !== 401 && (status < 200 || status >= 300)) {
        const retryable = RETRY_STATUSES.has(status);
        const retryAfter = parseRetryAfter(responseHeaders['retry-after']);
        throw new HttpError(
          `${request.method} ${shown} answered ${status}: ${excerpt(text)}`,
          status,
          retryable,
          retryAfter,
        );
      }
      const parsed = status === 401 ? null : parseBody(text, `${request.method} ${shown} answered ${status}`, status);
      return { url, status, headers: responseHeaders, body: parsed };
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
