/** A snapshot of a pool, from `pool.stats()`. */
export interface PoolStats {
  /** Prepared and waiting to be handed out. */
  readonly idle: number;
  /** Handed out and not yet released (overflow sandboxes excluded). */
  readonly leased: number;
  /** Being created in the background. */
  readonly preparing: number;
  /** Temporary sandboxes of strategy `'overflow'` now leased (not counted in `max`). */
  readonly overflow: number;
  /** `acquire()` calls waiting for a sandbox. */
  readonly waiting: number;
  readonly min: number;
  readonly max: number;
  /** Sandboxes prepared since the pool was created (overflow included). */
  readonly created: number;
  /** Sandboxes removed since the pool was created (released, expired, dead or at close). */
  readonly removed: number;
  /** Failed preparations in a row; the next try waits longer (backoff) while it is above 0. */
  readonly consecutiveFailures: number;
  /** The latest preparation failure's message, until a preparation succeeds. */
  readonly lastError?: string;
  readonly closed: boolean;
}

/** Events a pool emits (`pool.on(name, listener)`). */
export interface PoolEvents {
  /** A sandbox is ready (idle, or handed to a waiting caller). */
  prepared: [{ readonly id: string; readonly ms: number }];
  /** Preparing a sandbox failed; the pool retries after `retryInMs`. */
  'prepare-failed': [{ readonly error: unknown; readonly consecutiveFailures: number; readonly retryInMs: number }];
  /** A sandbox was handed out. */
  acquired: [{ readonly id: string; readonly overflow: boolean }];
  /** A sandbox was removed; `reason` says why. */
  removed: [{ readonly id: string; readonly reason: RemovalReason }];
  /** `close()` finished: everything is removed. */
  closed: [];
}

export type RemovalReason = 'released' | 'idle-timeout' | 'lifetime' | 'unhealthy' | 'closed';

/** Wait before the next preparation after `failures` failures in a row: 250 ms doubling, at most 30 s. */
export function prepareBackoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(30_000, 250 * 2 ** (failures - 1));
}
