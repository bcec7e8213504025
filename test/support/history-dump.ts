import type { Client } from '@temporalio/client';

/** A copy of a value with every byte array (a payload's data) decoded as UTF-8 text. */
function withTextPayloads(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(withTextPayloads);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withTextPayloads(item)]));
  }
  return value;
}

/**
 * JSON of a history with every payload decoded, so that a search finds what payloads carry. The bytes are decoded
 * before JSON.stringify sees them: it would otherwise turn a Buffer into a list of numbers.
 */
function decoded(history: unknown): string {
  return JSON.stringify(withTextPayloads(history));
}

/**
 * Every history of a workflow and of all it started, decoded: each run of a continue-as-new chain, each child
 * workflow, recursively. This is all Temporal keeps of a sync, so it is what must hold no secret.
 */
export async function dumpHistories(client: Client, workflowId: string): Promise<string> {
  const texts: string[] = [];
  const pending: Array<{ workflowId: string; runId?: string }> = [{ workflowId }];
  const seen = new Set<string>();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const key = `${next.workflowId}/${next.runId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const history = await client.workflow.getHandle(next.workflowId, next.runId).fetchHistory();
    texts.push(decoded(history));
    for (const event of history.events ?? []) {
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (child?.workflowId) pending.push({ workflowId: child.workflowId });
      const continued = event.workflowExecutionContinuedAsNewEventAttributes;
      if (continued?.newExecutionRunId)
        pending.push({ workflowId: next.workflowId, runId: continued.newExecutionRunId });
    }
  }
  return texts.join('\n');
}

/** The forms in which a secret could leak: as is, URL-encoded (both ways) and base64-encoded. */
export function leakForms(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    Buffer.from(secret).toString('base64'),
  ]);
  return [...forms];
}

/** The secrets (by name) found in any of the texts (by name), in any of their forms; empty when none leaked. */
export function findLeaks(secrets: Record<string, string>, texts: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [secretName, secret] of Object.entries(secrets)) {
    for (const form of leakForms(secret)) {
      for (const [where, text] of Object.entries(texts)) {
        const at = text.indexOf(form);
        if (at >= 0)
          leaks.push(`${secretName} in ${where}: …${text.slice(Math.max(0, at - 80), at + form.length + 20)}…`);
      }
    }
  }
  return leaks;
}
