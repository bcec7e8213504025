import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ApiError } from './api-error';
import { bump, type EmulatorStats } from './emulator-stats';
import type { FaultPlan } from './fault-plan';
import { INVALID_TOKEN, type JsonReply } from './json-reply';
import { RawReply } from './raw-reply';
import type { Router } from './router';
import { answerTokenRequest, TOKEN_PATHS, type AcceptedCredentials } from './token-endpoint';
import type { TokenStore } from './token-store';
import { writeFault, writeJson, writeTruncated } from './write-reply';

/** What the request handler needs. */
export interface RequestHandlerOptions {
  router: Router;
  tokens: TokenStore;
  faults: FaultPlan;
  stats: EmulatorStats;
  credentials: AcceptedCredentials;
  latencyMs: number;
}

/** Token requests beyond this size are refused; they carry a handful of short fields. */
const MAX_BODY_BYTES = 64 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The answer to a data request, faults aside: 401 without a valid token, then the route's JSON, 400 or 404. */
function dataReply(options: RequestHandlerOptions, request: IncomingMessage, url: URL): JsonReply {
  if (options.tokens.use(request.headers.authorization) !== 'valid') return INVALID_TOKEN;
  if (request.method !== 'GET')
    return {
      status: 405,
      body: { error: 'method_not_allowed', message: `${request.method} is not allowed; use GET` },
      headers: { allow: 'GET' },
    };
  try {
    const body = options.router(url.pathname, url.searchParams);
    return { status: 200, body, headers: body instanceof RawReply ? body.headers : undefined };
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: error };
    throw error;
  }
}

function tokenReply(options: RequestHandlerOptions, request: IncomingMessage, body: string): JsonReply {
  if (request.method !== 'POST')
    return {
      status: 405,
      body: { error: 'method_not_allowed', message: 'token requests use POST' },
      headers: { allow: 'POST' },
    };
  return answerTokenRequest(request.headers, body, options.credentials, options.tokens);
}

async function handle(
  options: RequestHandlerOptions,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
): Promise<void> {
  const { stats } = options;
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const isToken = TOKEN_PATHS.has(url.pathname);
  bump(stats.byPath, url.pathname);
  if (isToken) stats.tokenRequests += 1;
  else {
    stats.requests += 1;
    stats.requestTimes.push(Date.now());
    stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    response.once('close', () => (stats.inFlight -= 1));
    if (options.latencyMs > 0) await sleep(options.latencyMs);
  }
  const fault = options.faults.next(url.pathname, !isToken);
  if (fault) {
    stats.faults += 1;
    bump(stats.faultsByKind, fault.kind);
    if (fault.mode !== 'truncated') {
      if (fault.mode !== 'reset') bump(stats.statuses, fault.status);
      return writeFault(response, fault);
    }
  }
  const reply = isToken ? tokenReply(options, request, body) : dataReply(options, request, url);
  bump(stats.statuses, reply.status);
  if (fault) return writeTruncated(response, reply);
  writeJson(response, reply);
}

/** The emulator's request listener: token endpoints, data routes, latency, faults and counters. */
export function createRequestHandler(options: RequestHandlerOptions): RequestListener {
  return (request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        bump(options.stats.statuses, status);
        writeJson(response, { status, body });
      };
      if (size > MAX_BODY_BYTES) return reply(413, { error: 'request_too_large' });
      const fail = (error: unknown) => reply(500, { error: 'server_error', message: String(error) });
      handle(options, request, response, Buffer.concat(chunks).toString()).catch(fail);
    });
  };
}
