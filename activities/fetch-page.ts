import type { Authenticator } from '../engine/auth/authenticator';
import { AuthError } from '../engine/errors';
import type { HttpClient, JsonResponse } from '../engine/http/http-client';
import { redactUrl } from '../engine/http/redact';
import type { RequestSpec } from '../engine/http/request-spec';
import { activityLog } from './activity-log';

/** Sends one page request with credentials; a 401 refreshes them once and retries. */
export async function fetchPage(http: HttpClient, auth: Authenticator, request: RequestSpec): Promise<JsonResponse> {
  const first = await http.send(await auth.authorize(request));
  if (first.status !== 401) return first;
  activityLog('info', 'credentials refused (401); refreshing the token', { page: first.url });
  if (!(await auth.refresh()))
    throw new AuthError(`${request.method} ${redactUrl(first.url)} answered 401: the credentials were refused`);
  const second = await http.send(await auth.authorize(request));
  if (second.status === 401) {
    throw new AuthError(`${request.method} ${redactUrl(second.url)} answered 401 even after refreshing the token`);
  }
  return second;
}
