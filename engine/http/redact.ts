const SECRET_PARAM = /token|key|secret|password|passwd|signature|sig|auth|credential|code/i;

/** What every redacted value is replaced with. */
export const MASK = '***';

/** Values shorter than this are not secrets worth the damage of masking them everywhere ("1", "en"). */
const MIN_SECRET_LENGTH = 4;

/** Most values remembered; the oldest are forgotten first (a long-running worker issues many tokens). */
const MAX_REMEMBERED = 10_000;

/**
 * The spellings of every secret this process has resolved or been issued, longest first so that a secret that
 * contains another is masked whole. Process-wide, because every activity of a worker shares one log and one history
 * sink, and a token issued for one sync must not show up in another's error.
 */
const remembered = new Map<string, string[]>();
let spellings: string[] = [];

/** The forms a value can take on its way out: as is, URL-encoded (both ways), base64 (both alphabets), JSON-escaped. */
function formsOf(value: string): string[] {
  const base64 = Buffer.from(value).toString('base64');
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(value).toString('base64url'),
    JSON.stringify(value).slice(1, -1),
  ];
}

/** Remembers a secret value (a resolved secret, an issued token, an encoded credential) so that redaction masks it. */
export function rememberSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH || remembered.has(value)) return;
  remembered.set(value, formsOf(value));
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  spellings = [...new Set([...remembered.values()].flat())]
    .filter((form) => form.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

/** Masks every remembered secret, in every form, in a text. */
export function redact(text: string): string {
  let out = text;
  for (const form of spellings) if (out.includes(form)) out = out.split(form).join(MASK);
  return out;
}

/**
 * A URL safe to log and to put in errors: its password, query params that look secret by name, and every remembered
 * secret value are masked.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = MASK;
    for (const key of [...parsed.searchParams.keys()]) if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, MASK);
    return redact(parsed.toString().replace(/%2A%2A%2A/g, MASK));
  } catch {
    return redact(url);
  }
}

/** A URL without the query params whose value is a remembered secret; the authenticator adds its own back. */
function withoutSecretParams(text: string): string {
  if (!/^https?:\/\//i.test(text)) return text;
  try {
    const parsed = new URL(text);
    const secret = [...parsed.searchParams].filter(([, value]) => remembered.has(value)).map(([key]) => key);
    if (secret.length === 0) return text;
    for (const key of secret) parsed.searchParams.delete(key);
    return parsed.toString();
  } catch {
    return text;
  }
}

/**
 * A JSON value (a paginator's state, a cursor) fit to leave the activity: in URLs, query params that carry a secret
 * are dropped, since the authenticator adds credentials to each request anyway; any other trace of a secret is masked.
 */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(withoutSecretParams(value)) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item)])) as T;
  }
  return value;
}
