// Stands in for @temporalio/workflow in a replay bundle of the workflow code as it will be once its patch calls are
// deleted: `deprecatePatch` records and checks nothing, everything else is the SDK's own.
export * from '@temporalio/workflow/lib/index';

/** Does nothing: the code no longer asks for the patch. */
export function deprecatePatch(_patchId: string): void {}
