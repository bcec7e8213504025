export * from './create-activities';
export * from './destination-pool';
export type { BeginLoadInput, BeginLoadResult, FinishResourceInput } from './load-activities';
