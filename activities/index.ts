export * from './create-activities';
export * from './destination-pool';
export type { ActivityDeps } from './sync-pages';
export type { BeginLoadInput, BeginLoadResult, FinishResourceInput } from './load-activities';
