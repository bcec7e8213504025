/**
 * Seed 002's ids are strings of digits, as Box writes them. Each kind of object owns its own block of a billion
 * numbers, so ids never collide across kinds and a file's id tells which listing entry it is without a lookup.
 */
const BLOCKS = {
  item: 1,
  event: 2,
  adminLog: 3,
  signTemplate: 4,
  signRequest: 5,
  collection: 6,
  collectionItem: 7,
  trashedItem: 8,
  user: 9,
  fileCollaboration: 10,
  folderCollaboration: 11,
  comment: 12,
  task: 13,
  taskAssignment: 14,
} as const;

/** A kind of object with its own id block. */
export type BoxKind = keyof typeof BLOCKS;

const BLOCK_SIZE = 1_000_000_000;

/** The id of object `n` (from 1) of a kind. */
export function boxId(kind: BoxKind, n: number): string {
  return String(BLOCKS[kind] * BLOCK_SIZE + n);
}

/** The `n` of an id made by {@link boxId} for this kind, or undefined when the id is not one of that kind. */
export function parseBoxId(kind: BoxKind, id: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(id)) return undefined;
  const n = Number(id) - BLOCKS[kind] * BLOCK_SIZE;
  return n >= 1 && n < BLOCK_SIZE ? n : undefined;
}
