/** Pages of one offset or page-number resource fetched at the same time, at most. */
export const PREFETCH_WINDOW = 8;

/** The least the prefetch window shrinks to. */
const MIN_WINDOW = 2;

/** Fetched pages waiting for the database at once that show the database is the bottleneck. */
const PILED_UP = 2;

/** A prefetch window's bounds and where it starts. */
export interface WindowLimits {
  min: number;
  max: number;
  /** Where the window starts (default `min`). */
  start?: number;
}

/**
 * A prefetch window's bounds: at most `max` pages (the caller's), and at least two when `max` allows. It starts at
 * `max`: starting small and doubling cost a batch of fast pages most of its fetch-ahead, and every batch starts anew.
 */
export function windowLimits(max = PREFETCH_WINDOW): WindowLimits {
  return { min: Math.min(max, MIN_WINDOW), max, start: max };
}

/**
 * The prefetch window after a run of pages was taken for commit. It shrinks by one while fetched pages wait for the
 * database (`pagesWaiting`, beyond the first of the run): the database is then the bottleneck, and every page held
 * longer only costs memory and garbage collection. It doubles when the database had to wait for the page
 * (`waitedForPage`).
 */
export function adaptWindow(size: number, limits: WindowLimits, waitedForPage: boolean, pagesWaiting: number): number {
  if (pagesWaiting >= PILED_UP) return Math.max(limits.min, size - 1);
  return waitedForPage ? Math.min(limits.max, size * 2) : size;
}
