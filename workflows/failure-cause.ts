import { ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';

/**
 * The message of the failure at the root of `error`: what a child workflow or an activity failed with, rather than
 * Temporal's "Child Workflow execution failed" or "Activity task failed" around it.
 */
export function failureMessage(error: unknown): string {
  let current: unknown = error;
  while (
    current instanceof ChildWorkflowFailure ||
    (current instanceof Error && current.cause && !(current instanceof ApplicationFailure))
  ) {
    current = (current as Error).cause;
  }
  return current instanceof Error ? current.message : String(error);
}
