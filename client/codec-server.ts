import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';

/** Options for {@link startCodecServer}. */
export interface CodecServerOptions {
  codec: PayloadCodec;
  port: number;
  /** The Temporal UI's origin, allowed by CORS (e.g. http://localhost:8233). */
  uiOrigin?: string;
}

/** A payload as the Temporal UI sends it: metadata values and data in base64. */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function cors(response: ServerResponse, uiOrigin: string | undefined): void {
  if (!uiOrigin) return;
  response.setHeader('Access-Control-Allow-Origin', uiOrigin);
  response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
  response.setHeader('Access-Control-Allow-Credentials', 'true');
}

/**
 * Serves the `/encode` and `/decode` endpoints the Temporal UI and CLI call with `{"payloads": […]}`, so that whoever
 * runs it with the key sees payloads in clear.
 */
export function startCodecServer(options: CodecServerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    cors(response, options.uiOrigin);
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    const path = request.url?.split('?')[0];
    if (request.method !== 'POST' || (path !== '/encode' && path !== '/decode'))
      return void response.writeHead(404).end();
    body(request)
      .then(async (text) => {
        const payloads = ((JSON.parse(text) as { payloads?: JsonPayload[] }).payloads ?? []).map(fromJson);
        const result = path === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ payloads: result.map(toJson) }));
      })
      .catch((error: unknown) => {
        response.writeHead(400, { 'Content-Type': 'text/plain' });
        response.end(error instanceof Error ? error.message : String(error));
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve(server));
  });
}
