export * from './paginator';
export * from './create-paginator';
export { detectPaginator } from './auto-paginator';
export { DEFAULT_OFFSET_LIMIT } from './offset-paginator';
