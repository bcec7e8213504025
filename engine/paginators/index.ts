export * from './paginator';
export * from './create-paginator';
export { autoDetectionNote, describeDetection, detectPaginator, type Detection } from './detect-paginator';
export { DEFAULT_OFFSET_LIMIT } from './offset-paginator';
