import type { HttpClient } from '../engine/http/http-client';

/** A counting semaphore: at most `permits` holders at once, the others wait in order. */
export class Semaphore {
  private readonly waiting: Array<() => void> = [];

  constructor(private permits: number) {}

  /** Waits for a permit. */
  async acquire(): Promise<void> {
    if (this.permits > 0) {
      this.permits -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands a permit to the next waiter, or back to the pool. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.permits += 1;
  }
}

/** What every request of an activity passes through before it is sent. */
export interface RequestGateOptions {
  /** Bounds the requests in flight. */
  slots: Semaphore;
  /** Resolves when the next request may start, for a rate limit. */
  pace?: () => Promise<void>;
}

/**
 * An HTTP client that sends each request only once it holds a slot and, with a rate limit, once its start time has
 * come. Token requests go through it too: they load the same API.
 */
export function gateHttpClient(http: HttpClient, gate: RequestGateOptions): HttpClient {
  return {
    async send(request) {
      await gate.slots.acquire();
      try {
        await gate.pace?.();
        return await http.send(request);
      } finally {
        gate.slots.release();
      }
    },
    close: () => http.close(),
  };
}
