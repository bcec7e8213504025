import type { Authenticator } from '../engine/auth/authenticator';
import { AuthError, HttpError } from '../engine/errors';
import { requestUrl } from '../engine/http/build-request';
import type { HttpClient, JsonResponse } from '../engine/http/http-client';
import { redactUrl } from '../engine/http/redact';
import type { RequestSpec } from '../engine/http/request-spec';
import { applyResponseActions, type ResponseAction } from '../engine/http/response-actions';
import { activityLog, logPageFailure } from './activity-log';

/**
 * Sends one page request with credentials. A failure that `response_actions` say to ignore gives no response; any
 * other is logged with its URL and thrown.
 */
export async function fetchPage(
  http: HttpClient,
  auth: Authenticator,
  request: RequestSpec,
  responseActions: ResponseAction[],
): Promise<JsonResponse | undefined> {
  try {
    return await sendAuthorized(http, auth, request);
  } catch (caught) {
    const outcome = caught instanceof HttpError ? applyResponseActions(caught, responseActions) : caught;
    if (outcome !== 'ignore') {
      logPageFailure(outcome, requestUrl(request));
      throw outcome;
    }
    activityLog('info', 'response ignored as response_actions say', { page: requestUrl(request) });
    return undefined;
  }
}

/** Sends a request with credentials; a 401 refreshes them once and retries. */
async function sendAuthorized(http: HttpClient, auth: Authenticator, request: RequestSpec): Promise<JsonResponse> {
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
