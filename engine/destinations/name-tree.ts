import { normalizeColumnName, normalizePath } from './naming';

/** What a record key becomes at one place of a table's records: its column, and the names of what nests under it. */
export interface NameEntry {
  /** The key normalised on its own (`ownerId` -> `owner_id`). */
  readonly name: string;
  /** The normalised names from the table's record down to this key. */
  readonly path: readonly string[];
  /** The column a scalar here is written to: the path joined with `__` and shortened. */
  readonly column: string;
  /** The names under a nested object here, learnt when one first appears. */
  child?: NameNode;
  /** The child table a list here becomes, named when one first appears. */
  listTable?: string;
}

// A hostile API can send endless distinct keys: past this many names, the trees are dropped and learnt again.
const NAME_LIMIT = 50_000;
let learnt = 0;
const trees = new Map<string, NameNode>();

/**
 * The normalised names under one object of a table's records, each key normalised once: every record of a page (and
 * of the pages after it) repeats the same keys, and normalising names was most of the cost of flattening a record.
 */
export class NameNode {
  private readonly entries = new Map<string, NameEntry>();

  constructor(
    /** The table whose records these names belong to. */
    readonly table: string,
    private readonly path: readonly string[],
  ) {}

  /** What `key` becomes here. */
  entry(key: string): NameEntry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const name = normalizeColumnName(key);
      const path = [...this.path, name];
      entry = { name, path, column: this.path.length === 0 ? name : normalizePath(path) };
      if (++learnt > NAME_LIMIT) forgetNames();
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** The names under a nested object at `entry`. */
  childOf(entry: NameEntry): NameNode {
    return (entry.child ??= new NameNode(this.table, entry.path));
  }

  /** The child table a list at `entry` becomes: `files` + `owner`, `tags` -> `files__owner__tags`. */
  listTableOf(entry: NameEntry): string {
    return (entry.listTable ??= normalizePath([this.table, ...entry.path]));
  }
}

/** The names of the records of a (root or child) table. */
export function namesOf(table: string): NameNode {
  let tree = trees.get(table);
  if (tree === undefined) trees.set(table, (tree = new NameNode(table, [])));
  return tree;
}

function forgetNames(): void {
  trees.clear();
  learnt = 0;
}
