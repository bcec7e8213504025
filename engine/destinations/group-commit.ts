interface Waiting<I, R> {
  input: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: writes that arrive while the database is busy wait in a queue, and each free lane commits everything
 * waiting in one transaction. Many small concurrent pages (child partitions) then cost one transaction per group
 * instead of one each. A lane that wakes lets the event loop turn once first: with a synchronous driver (SQLite) the
 * database is never busy from the event loop's point of view, and the pages whose responses arrived meanwhile join
 * the group. The writes must be independent of each other; a group that fails is retried one write at a
 * time, so each error reaches the write that caused it and the others still commit.
 */
export class GroupCommit<I, R> {
  private readonly queue: Array<Waiting<I, R>> = [];
  private busyLanes = 0;

  /**
   * @param commit commits inputs atomically, in order, returning one result per input
   * @param lanes groups committed at the same time (1 for a single-writer database)
   * @param maxGroup writes committed together at most
   */
  constructor(
    private readonly commit: (inputs: I[]) => Promise<R[]>,
    private readonly lanes: number,
    private readonly maxGroup: number,
  ) {}

  submit(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.busyLanes < this.lanes) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busyLanes += 1;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.flush(this.queue.splice(0, this.maxGroup));
    } finally {
      this.busyLanes -= 1;
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
