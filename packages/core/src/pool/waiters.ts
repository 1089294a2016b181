import type { WarmSandbox } from './warm-sandbox.js';

/** One `acquire()` waiting for a sandbox. */
export interface Waiter {
  resolve(sandbox: WarmSandbox): void;
  reject(error: unknown): void;
}

/** First come, first served; a waiter that gave up (timeout, abort) leaves the queue. */
export class WaiterQueue {
  private readonly waiters: Waiter[] = [];

  get length(): number {
    return this.waiters.length;
  }

  /**
   * Enqueues a waiter; `timeoutMs` (null: never) and `signal` reject it with `onTimeout()` or the
   * signal's reason and remove it from the queue.
   */
  wait(timeoutMs: number | null, onTimeout: () => unknown, signal?: AbortSignal): Promise<WarmSandbox> {
    return new Promise<WarmSandbox>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const leave = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
      };
      const waiter: Waiter = {
        resolve: (sandbox) => (leave(), resolve(sandbox)),
        reject: (error) => (leave(), reject(error)),
      };
      const onAbort = (): void => waiter.reject(signal?.reason);
      const timer = timeoutMs === null ? undefined : setTimeout(() => waiter.reject(onTimeout()), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** The longest-waiting caller; resolving or rejecting it removes it from the queue. */
  first(): Waiter | undefined {
    return this.waiters[0];
  }

  rejectAll(error: unknown): void {
    for (const waiter of [...this.waiters]) waiter.reject(error);
  }
}
