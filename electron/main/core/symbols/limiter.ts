/**
 * A counting semaphore shared by every lookup of a locator, so parallel lookups (a dump with 150
 * modules) keep at most a few downloads in flight. `mapLimit` bounds one batch; this bounds
 * callers that do not know about each other.
 */

/** Runs tasks with at most `limit` of them in flight. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** Creates a limiter of `limit` (at least 1) slots. */
  constructor(private readonly limit: number) {}

  /** Runs `task` once a slot is free; rejects with `signal.reason` if cancelled while waiting. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < Math.max(1, this.limit)) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = (): void => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }
}
