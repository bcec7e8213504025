export { syncSource, resourceWorkflowId } from './sync-source';
export { syncResource } from './sync-resource';
export * from './definitions';
export * from './api-limiter';
