import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** The sluice fields of an activity's input that every log line of that activity carries. */
function sluiceFields(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null) return {};
  const fields: Record<string, string> = {};
  const { sourceName, resource } = input as { sourceName?: unknown; resource?: unknown };
  if (typeof sourceName === 'string') fields.source = sourceName;
  const name = typeof resource === 'object' && resource !== null ? (resource as { name?: unknown }).name : resource;
  if (typeof name === 'string') fields.resource = name;
  return fields;
}

/**
 * Adds `source` and `resource` to the log attributes of every sluice activity, next to the workflow id, activity
 * type and attempt that Temporal adds, so that each line of the activity `log` says which sync it belongs to.
 */
export const activityLogContext: ActivityInterceptorsFactory = () => {
  let fields: Record<string, string> = {};
  return {
    inbound: {
      execute(input, next) {
        fields = sluiceFields(input.args[0]);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next({ ...input, ...fields }),
    },
  };
};
