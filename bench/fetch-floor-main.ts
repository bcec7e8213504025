/**
 * The CPU floor of S2's requests: `fetch-floor-main BASE_URL PATH COUNT CONCURRENCY` takes a token, then sends COUNT
 * GETs of PATH with node-fetch over a keep-alive agent, at most CONCURRENCY at once, each with its own timeout signal,
 * reading and parsing every body, as sluice's HTTP client does, and prints the CPU time those requests cost this
 * process. S2 compiles it to plain JavaScript first.
 */
import { Agent } from 'node:http';
import fetch from 'node-fetch';

const [base, path, count, concurrency] = process.argv.slice(2);
if (!base || !path || !count || !concurrency)
  throw new Error('usage: fetch-floor-main BASE_URL PATH COUNT CONCURRENCY');
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const form = { grant_type: 'client_credentials', client_id: 'sluice-client', client_secret: 'sluice-secret' };
const granted = await fetch(`${base}/oauth2/token`, { method: 'POST', body: new URLSearchParams(form), agent });
const { access_token: token } = (await granted.json()) as { access_token: string };

const before = process.cpuUsage();
let sent = 0;
async function lane(): Promise<void> {
  while (sent < Number(count)) {
    sent += 1;
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': 'sluice' },
      agent,
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    JSON.parse(await response.text());
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, lane));
const used = process.cpuUsage(before);
agent.destroy();
console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, requests: sent }));
