export * from './create-worker';
export { createSluiceActivities, type SluiceActivitiesBundle, type SluiceActivitiesOptions } from './sluice-activities';
