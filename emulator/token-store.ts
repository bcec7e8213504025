import { randomBytes } from 'node:crypto';

/** Why a data request's token was refused, or `valid`. */
export type TokenCheck = 'valid' | 'missing' | 'unknown' | 'expired' | 'used_up';

/** Options for {@link TokenStore}. */
export interface TokenStoreOptions {
  ttlSeconds: number;
  /** A token is refused after this many data requests; undefined for no limit. */
  maxUses: number | undefined;
}

/** Issued access tokens, their expiry and how many data requests each has served. */
export class TokenStore {
  private readonly tokens = new Map<string, { expiresAt: number; uses: number }>();
  private issued = 0;

  constructor(private readonly options: TokenStoreOptions) {}

  /** Issues a new access token. */
  issue(): { access_token: string; token_type: 'bearer'; expires_in: number } {
    const token = `sluice-${++this.issued}-${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, { expiresAt: Date.now() + this.options.ttlSeconds * 1000, uses: 0 });
    return { access_token: token, token_type: 'bearer', expires_in: this.options.ttlSeconds };
  }

  /** Checks the `Authorization` header of a data request, and counts the use when the token is valid. */
  use(authorization: string | undefined): TokenCheck {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) return 'missing';
    const entry = this.tokens.get(token);
    if (!entry) return 'unknown';
    if (Date.now() >= entry.expiresAt) return 'expired';
    if (this.options.maxUses !== undefined && entry.uses >= this.options.maxUses) return 'used_up';
    entry.uses += 1;
    return 'valid';
  }
}
