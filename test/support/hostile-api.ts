import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A request the hostile API received, as it arrived. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Whether it came over TLS. */
  secure: boolean;
}

/** What a route answers: a status, headers, and a body (bytes and strings as they are, anything else as JSON). */
export interface HostileReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Writes the body itself after the headers, for bodies that trickle or never end. */
  stream?: (response: ServerResponse) => void;
}

/** A route: the request received (with its parsed URL), and the API's base URLs, to build links with. */
export type HostileRoute = (request: ReceivedRequest, url: URL, api: HostileApi) => HostileReply;

/** A TLS key and self-signed certificate for 127.0.0.1, made for one test run. */
export interface TestCertificate {
  key: string;
  cert: string;
}

/** Options for {@link startHostileApi}. */
export interface HostileApiOptions {
  /** Routes by path (without query). A missing route answers 404. */
  routes: Record<string, HostileRoute>;
  /** Also serve the same routes over TLS with this certificate. */
  tls?: TestCertificate;
}

/** An API that behaves as an attacker's would, on 127.0.0.1: it echoes, leaks, links away and sends garbage. */
export interface HostileApi {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** `https://127.0.0.1:<port>` when started with TLS. */
  secureUrl?: string;
  /** Every request received, over either protocol, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Generates a self-signed certificate for 127.0.0.1 with openssl. */
export function createTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function handler(api: HostileApi, routes: HostileApiOptions['routes'], secure: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        secure,
      };
      api.requests.push(received);
      const url = new URL(received.url, secure ? api.secureUrl : api.url);
      const route = routes[url.pathname];
      const reply = route ? route(received, url, api) : { status: 404, body: { error: 'no such route' } };
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      if (reply.stream) return reply.stream(res);
      const bytes = Buffer.isBuffer(reply.body) || typeof reply.body === 'string';
      res.end(bytes ? reply.body : JSON.stringify(reply.body ?? null));
    });
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Starts a hostile API on free ports: plain HTTP, and HTTPS too when given a certificate. */
export async function startHostileApi(options: HostileApiOptions): Promise<HostileApi> {
  const servers: Server[] = [];
  const api: HostileApi = {
    url: '',
    requests: [],
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
  const plain = createServer(handler(api, options.routes, false));
  servers.push(plain);
  api.url = `http://127.0.0.1:${await listen(plain)}`;
  if (options.tls) {
    const secure = createTlsServer(options.tls, handler(api, options.routes, true));
    servers.push(secure);
    api.secureUrl = `https://127.0.0.1:${await listen(secure)}`;
  }
  return api;
}
