import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoxApi } from './box-api';
import { random } from './datasets';
import { createRoutes } from './routes';
import { TokenStore, tokenRequest } from './tokens';
import { groundTruth, type SeedId } from './truth';

/** A way the emulator can misbehave. */
export type FaultKind = '429' | '500' | '502' | '503' | '504' | 'truncated' | 'reset' | 'html';

/** Random fault injection on data requests. */
export interface FaultOptions {
  rate: number;
  kinds?: FaultKind[];
  retryAfterSeconds?: number;
}

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  port?: number;
  latencyMs?: number;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  tokenTtlSeconds?: number;
  /** A token stops working after this many data requests. */
  tokenMaxUses?: number;
  /** Record counts: files, resource, events, users, … (see the route modules). */
  sizes?: Record<string, number>;
  faults?: FaultOptions;
  seed?: number;
}

/** Live counters. */
export interface EmulatorStats {
  requests: number;
  tokenRequests: number;
  faults: number;
  faultsByKind: Record<string, number>;
  byPath: Record<string, number>;
  statuses: Record<string, number>;
}

/** A targeted fault: the next `count` requests under `pathPrefix` fail. */
export interface FailRule {
  pathPrefix: string;
  count: number;
  status?: number;
  kind?: FaultKind;
  retryAfterSeconds?: number;
}

/** A running emulator of the seeds' APIs. */
export interface Emulator {
  url: string;
  port: number;
  stats: EmulatorStats;
  failNext(rule: FailRule): void;
  truth(seed: SeedId): Record<string, Map<string | number, Record<string, unknown>>>;
  resetStats(): void;
  close(): Promise<void>;
}

const emptyStats = (): EmulatorStats => ({ requests: 0, tokenRequests: 0, faults: 0, faultsByKind: {}, byPath: {}, statuses: {} });
const TOKEN_PATHS = new Set(['/oauth2/token', '/oauth/token', '/v2/auth/token']);

/** Starts the emulator on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1;
  const sizes = options.sizes ?? {};
  const box = createBoxApi(seed, sizes);
  const route = createRoutes(seed, sizes, box);
  const tokens = new TokenStore(options.tokenTtlSeconds ?? 3600, options.tokenMaxUses);
  const credentials = { id: options.clientId ?? 'sluice-client', secret: options.clientSecret ?? 'sluice-secret', refresh: options.refreshToken ?? 'sluice-refresh' };
  const rules: FailRule[] = [];
  const faultRandom = random(seed * 31 + 7);
  let stats = emptyStats();

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    response.end(text);
  };

  const fault = (response: ServerResponse, kind: FaultKind, status: number | undefined, retryAfter: number) => {
    stats.faults += 1;
    stats.faultsByKind[kind] = (stats.faultsByKind[kind] ?? 0) + 1;
    if (kind === 'reset') return void response.socket?.destroy();
    if (kind === 'html') {
      response.writeHead(502, { 'content-type': 'text/html' });
      return void response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    if (kind === 'truncated') {
      const text = JSON.stringify({ entries: [{ id: 'partial' }], padding: 'x'.repeat(2000) });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.write(text.slice(0, text.length / 2));
      return void setTimeout(() => response.socket?.destroy(), 5);
    }
    const code = status ?? Number(kind);
    send(response, code, { error: `injected ${code}` }, code === 429 ? { 'retry-after': String(retryAfter) } : {});
  };

  const handle = async (request: IncomingMessage, response: ServerResponse, body: string) => {
    const url = new URL(request.url ?? '/', 'http://emulator');
    if (request.method === 'POST' && TOKEN_PATHS.has(url.pathname)) {
      stats.tokenRequests += 1;
      const fields = tokenRequest(request, body);
      if (fields.grant_type === 'client_credentials' || fields.grant_type === 'refresh_token') {
        const clientOk = fields.client_id === credentials.id && (fields.client_secret === undefined ? fields.grant_type === 'refresh_token' : fields.client_secret === credentials.secret);
        const refreshOk = fields.grant_type !== 'refresh_token' || fields.refresh_token === credentials.refresh;
        if (!clientOk || !refreshOk) return send(response, 401, { error: 'invalid_client' });
        const token = tokens.issue();
        return send(response, 200, fields.grant_type === 'refresh_token' ? { ...token, refresh_token: credentials.refresh } : token);
      }
      return send(response, 400, { error: 'unsupported_grant_type' });
    }
    stats.requests += 1;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const rule = rules.find((r) => r.count > 0 && url.pathname.startsWith(r.pathPrefix));
    if (rule) {
      rule.count -= 1;
      return fault(response, rule.kind ?? (String(rule.status ?? 503) as FaultKind), rule.status, rule.retryAfterSeconds ?? 1);
    }
    if (options.faults && options.faults.rate > 0 && faultRandom() < options.faults.rate) {
      const kinds = options.faults.kinds ?? ['429', '500', '502', '503', '504', 'truncated', 'reset', 'html'];
      return fault(response, kinds[Math.floor(faultRandom() * kinds.length)]!, undefined, options.faults.retryAfterSeconds ?? 1);
    }
    if (!tokens.check(request)) return send(response, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    const result = route(url.pathname, url.searchParams);
    if (!result) return send(response, 404, { error: 'not_found', path: url.pathname });
    send(response, result.status, result.body);
  };

  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      handle(request, response, body).catch((error) => send(response, 500, { error: String(error) }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get stats() {
      return stats;
    },
    failNext: (rule) => void rules.push({ ...rule }),
    truth: (seedId) => groundTruth(seedId, seed, sizes, box),
    resetStats: () => void (stats = emptyStats()),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
