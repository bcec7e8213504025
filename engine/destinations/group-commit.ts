interface Waiting<I, R> {
  input: I;
  /** Writes the same caller will submit soon. */
  arriving?: () => number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** How a {@link GroupCommit} groups. */
export interface GroupCommitOptions {
  /** Groups committed at the same time (1 for a single-writer database). */
  lanes: number;
  /** Writes committed together at most. */
  maxGroup: number;
  /** Longest a lane waits for writes a waiting caller says are arriving. */
  lingerMs: number;
}

/**
 * Group commit: writes that arrive while the database is busy wait in a queue, and each free lane commits everything
 * waiting in one transaction. Many small concurrent pages (child partitions) then cost one transaction per group
 * instead of one each. A lane that wakes lets the event loop turn once first: with a synchronous driver (SQLite) the
 * database is never busy from the event loop's point of view, and the pages whose responses arrived meanwhile join
 * the group. When a waiting write's caller says more writes are on their way, the lane waits up to `lingerMs` for them,
 * as PostgreSQL's commit_delay does when other transactions are active. The writes must be independent of each other;
 * a group that fails is retried one write at a time, so each error reaches the write that caused it and the others
 * still commit.
 */
export class GroupCommit<I, R> {
  private readonly queue: Array<Waiting<I, R>> = [];
  private busyLanes = 0;
  /** Wake the lingering lanes when a write joins the queue. */
  private readonly lingering = new Set<() => void>();

  /** @param commit commits inputs atomically, in order, returning one result per input */
  constructor(
    private readonly commit: (inputs: I[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(input: I, arriving?: () => number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, arriving, resolve, reject });
      this.lingering.forEach((wake) => wake());
      if (this.busyLanes < this.options.lanes) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busyLanes += 1;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        await this.linger();
        // Another lane may have taken the whole queue while this one waited.
        const group = this.queue.splice(0, this.options.maxGroup);
        if (group.length > 0) await this.flush(group);
      }
    } finally {
      this.busyLanes -= 1;
    }
  }

  /** Waits, up to `lingerMs`, while the group has room and a waiting write's caller has more writes on their way. */
  private async linger(): Promise<void> {
    const until = Date.now() + this.options.lingerMs;
    while (
      this.queue.length < this.options.maxGroup &&
      this.queue.some((waiting) => (waiting.arriving?.() ?? 0) > 0) &&
      Date.now() < until
    ) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.lingering.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, until - Date.now());
        this.lingering.add(wake);
      });
    }
  }

  private async flush(group: Array<Waiting<I, R>>): Promise<void> {
    try {
      const results = await this.commit(group.map((waiting) => waiting.input));
      group.forEach((waiting, index) => waiting.resolve(results[index]!));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      for (const waiting of group) {
        await this.commit([waiting.input]).then(([result]) => waiting.resolve(result!), waiting.reject);
      }
    }
  }
}
