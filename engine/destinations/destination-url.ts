import { ConfigError } from '../errors';

/** A parsed `--dest`: an SQLite file, or a PostgreSQL server. */
export type DestinationUrl = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const POSTGRES = /^postgres(?:ql)?:\/\//i;

/**
 * Parses a destination URL: `sqlite:PATH` or `sqlite://PATH` (so `sqlite:///abs/file.db` is absolute), or
 * `postgres://…` / `postgresql://…`.
 */
export function parseDestinationUrl(url: string): DestinationUrl {
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(url);
  if (sqlite) return { kind: 'sqlite', path: sqlite[1]! };
  if (POSTGRES.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`--dest is not a valid PostgreSQL URL: '${redactDestinationUrl(url)}'`);
    }
    return { kind: 'postgres', url };
  }
  throw new ConfigError(`--dest must be sqlite:PATH or postgres://…, got '${url}'`);
}

/** The URL with the password of a PostgreSQL URL removed; other URLs are returned unchanged. */
export function redactDestinationUrl(url: string): string {
  if (!POSTGRES.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Unparseable: cut everything between the scheme's `//` and `@` after the user name.
    return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1@');
  }
}

/** The password a PostgreSQL URL carries, decoded, or undefined. */
export function destinationPasswordFromUrl(url: string): string | undefined {
  if (!POSTGRES.test(url)) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** The URL with `password` set (percent-encoded), replacing any it carries. */
export function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
