import type { ServerResponse } from 'node:http';
import type { Fault } from './fault-plan';
import type { JsonReply } from './json-reply';
import { RawReply } from './raw-reply';

const HTML_ERROR =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

const gone = (response: ServerResponse) => response.destroyed || response.writableEnded;

function write(
  response: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (gone(response)) return;
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Sends a JSON answer with `content-type: application/json`. */
export function writeJson(response: ServerResponse, reply: JsonReply): void {
  const text = reply.body instanceof RawReply ? reply.body.text : JSON.stringify(reply.body);
  write(response, reply.status, 'application/json', text, reply.headers);
}

/**
 * Sends a truncated answer: the headers promise the whole body, but the connection is destroyed after half of it,
 * which a client sees as a body that ends early.
 */
export function writeTruncated(response: ServerResponse, reply: JsonReply): void {
  if (gone(response)) return;
  const bytes = Buffer.from(JSON.stringify(reply.body));
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': bytes.length,
    ...reply.headers,
  });
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.destroy());
}

/** Misbehaves as a fault says; `truncated` faults go through {@link writeTruncated}, which needs the real answer. */
export function writeFault(response: ServerResponse, fault: Fault): void {
  if (fault.mode === 'reset') return void response.socket?.destroy();
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  if (fault.mode === 'html') return write(response, fault.status, 'text/html', HTML_ERROR, headers);
  if (fault.status === 401)
    return write(response, 401, 'application/json', JSON.stringify({ error: 'invalid_token' }), {
      ...headers,
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  const body = {
    error: fault.status === 429 ? 'rate_limited' : 'injected_fault',
    message: `injected ${fault.kind} fault`,
    status: fault.status,
  };
  write(response, fault.status, 'application/json', JSON.stringify(body), headers);
}
