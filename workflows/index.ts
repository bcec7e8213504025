export { syncSource } from './sync-source';
export { resourceWorkflowId } from './run-resource';
export { syncResource } from './sync-resource';
export * from './definitions';
export * from './api-limiter';
