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
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body,
          redirect: 'manual',
          agent: (parsed) => (parsed.protocol === 'http:' ? httpAgent : httpsAgent),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const reason = error instanceof FetchError || error instanceof Error ? error.message : String(error);
        throw new HttpError(`${request.method} ${shown} failed: ${reason}`, undefined, true);
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
