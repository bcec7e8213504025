import type { IncomingMessage } from 'node:http';

/** Issued access tokens and how often each was used. */
export class TokenStore {
  private readonly uses = new Map<string, { expiresAt: number; uses: number }>();
  private counter = 0;
  constructor(
    private readonly ttlSeconds: number,
    private readonly maxUses: number | undefined,
  ) {}

  issue(): { access_token: string; token_type: string; expires_in: number } {
    const token = `tok_${++this.counter}_${Math.random().toString(36).slice(2)}`;
    this.uses.set(token, { expiresAt: Date.now() + this.ttlSeconds * 1000, uses: 0 });
    return { access_token: token, token_type: 'bearer', expires_in: this.ttlSeconds };
  }

  /** Whether a request carries a valid token; counts the use. */
  check(request: IncomingMessage): boolean {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const entry = token ? this.uses.get(token) : undefined;
    if (!entry || entry.expiresAt < Date.now()) return false;
    if (this.maxUses !== undefined && entry.uses >= this.maxUses) return false;
    entry.uses += 1;
    return true;
  }
}

/** Reads the client credentials and grant of a token request (form or JSON body, or Basic auth). */
export function tokenRequest(request: IncomingMessage, body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  if ((request.headers['content-type'] ?? '').includes('json')) Object.assign(fields, JSON.parse(body || '{}'));
  else new URLSearchParams(body).forEach((value, key) => (fields[key] = value));
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString().split(':');
    fields.client_id ??= id!;
    fields.client_secret ??= secret!;
  }
  return fields;
}
