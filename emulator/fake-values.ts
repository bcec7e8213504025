import type { Rng } from './random';

/** 2024-01-01T00:00:00Z: generated timestamps fall in the year after it. */
const EPOCH = Date.UTC(2024, 0, 1);

const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Dennis',
  'Frances',
  'John',
  'Radia',
  'Leslie',
  'Tim',
  'Katherine',
  'Niklaus',
];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Ritchie',
  'Allen',
  'Backus',
  'Perlman',
  'Lamport',
  'Lee',
  'Johnson',
  'Wirth',
  'Kay',
  'Hoare',
  'Milner',
];
const FILE_WORDS = [
  'report',
  'budget',
  'roadmap',
  'invoice',
  'notes',
  'design',
  'backup',
  'photo',
  'contract',
  'slides',
  'summary',
  'draft',
];
const EXTENSIONS = ['pdf', 'docx', 'xlsx', 'png', 'csv', 'txt', 'json'];

/** An ISO timestamp at a random second of the year after {@link EPOCH}. */
export function randomTime(rng: Rng): string {
  return new Date(EPOCH + rng.int(365 * 86_400) * 1000).toISOString();
}

/** An ISO timestamp up to `maxDays` after `iso`. */
export function timeAfter(iso: string, rng: Rng, maxDays: number): string {
  return new Date(Date.parse(iso) + rng.int(maxDays * 86_400) * 1000).toISOString();
}

/** An ISO timestamp that grows with `index`, for streams whose order is chronological. */
export function sequentialTime(index: number, rng: Rng): string {
  return new Date(EPOCH + index * 600_000 + rng.int(600) * 1000).toISOString();
}

/** The name of person `index`; the same index always names the same person. */
export function personName(index: number): string {
  const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]!;
  return `${first} ${last}`;
}

/** The e-mail address of person `index`, unique per index. */
export function personEmail(index: number): string {
  return `${personName(index).toLowerCase().replace(' ', '.')}.${index + 1}@example.com`;
}

/** A file name such as `budget-42.xlsx`. */
export function fileName(rng: Rng, n: number): string {
  return `${rng.pick(FILE_WORDS)}-${n}.${rng.pick(EXTENSIONS)}`;
}

/** A size in bytes, from empty files up to about 50 MB. */
export function fileSize(rng: Rng): number {
  return rng.next() < 0.05 ? 0 : rng.int(50_000_000) + 1;
}
