import { describeCause } from '../errors.js';
import { checkIdle } from './health-check.js';
import type { ResolvedPoolOptions } from './pool-options.js';
import { prepareBackoffMs, type PoolEvents, type RemovalReason } from './pool-stats.js';
import { prepareSandbox, type PrepareContext, type WarmSandbox } from './warm-sandbox.js';

/** What the supply asks of the pool it feeds. */
export interface SupplyHooks {
  /** Callers waiting for a sandbox: the supply prepares for them beyond `min`. */
  readonly waiting: () => number;
  /** Sandboxes leased now; they count against `max`. */
  readonly leased: () => number;
  /** Offers a ready sandbox to the longest-waiting caller; false when nobody waits. */
  readonly deliver: (sandbox: WarmSandbox) => boolean;
  readonly emit: <K extends keyof PoolEvents>(event: K, ...args: PoolEvents[K]) => void;
}

/**
 * The pool's idle sandboxes and their upkeep: preparing them in the background (at most
 * `createConcurrency` at once, backing off after failures), health checks, and removal. Nothing
 * here holds a lock while an engine works: counters change before and after each await.
 */
export class SandboxSupply {
  readonly idle: WarmSandbox[] = [];
  preparing = 0;
  /** Idle sandboxes out for a health check, or being removed: they still count against `max`. */
  busy = 0;
  created = 0;
  removed = 0;
  failures = 0;
  lastError: string | undefined;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Preparations and removals in flight, awaited by `settle()`. */
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly options: ResolvedPoolOptions,
    private readonly context: PrepareContext,
    private readonly hooks: SupplyHooks,
  ) {}

  /** Prepares `count` sandboxes, `createConcurrency` at a time; rejects with the first failure. */
  async fill(count: number): Promise<void> {
    let failure: { reason: unknown } | undefined;
    let remaining = count;
    const worker = async (): Promise<void> => {
      while (remaining > 0 && !failure) {
        remaining -= 1;
        this.preparing += 1;
        await this.prepare().then(
          (sandbox) => this.idle.push(sandbox),
          (reason: unknown) => (failure ??= { reason }),
        );
        this.preparing -= 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.createConcurrency, remaining) }, () => worker()));
    if (failure) throw failure.reason;
  }

  startHealthChecks(): void {
    this.healthTimer = setInterval(() => this.checkHealth(), this.options.healthCheckIntervalMs).unref();
  }

  /** The oldest idle sandbox still within its lifetime; expired ones are removed on the way. */
  takeIdle(): WarmSandbox | undefined {
    for (let sandbox = this.idle.shift(); sandbox; sandbox = this.idle.shift()) {
      if (Date.now() - sandbox.createdAt <= this.options.maxLifetimeMs) return sandbox;
      this.remove(sandbox, 'lifetime');
    }
    return undefined;
  }

  /** One sandbox prepared now (overflow), awaited by `settle()` too. */
  prepareNow(): Promise<WarmSandbox> {
    const preparing = this.prepare();
    this.track(preparing.catch(() => undefined));
    return preparing;
  }

  /** Starts preparations while fewer are idle or coming than `min` plus the waiting callers, within `max`. */
  pump(): void {
    if (this.stopped) return;
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      this.retryTimer ??= setTimeout(() => ((this.retryTimer = undefined), this.pump()), wait).unref();
      return;
    }
    const total = (): number => this.idle.length + this.hooks.leased() + this.preparing + this.busy;
    while (
      this.preparing < this.options.createConcurrency &&
      this.idle.length + this.preparing < this.options.min + this.hooks.waiting() &&
      total() < this.options.max
    ) {
      this.track(this.refill());
    }
  }

  /** Counts a sandbox its session removed (the release), and refills. */
  released(id: string): void {
    this.removed += 1;
    this.hooks.emit('removed', { id, reason: 'released' });
    this.pump();
  }

  /** Stops preparing and checking, and removes the idle sandboxes. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.healthTimer);
    clearTimeout(this.retryTimer);
    for (const sandbox of this.idle.splice(0)) this.remove(sandbox, 'closed');
  }

  /** Resolves once no preparation or removal is in flight. */
  async settle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // --- Internal helpers ---

  private async prepare(): Promise<WarmSandbox> {
    const started = Date.now();
    const sandbox = await prepareSandbox(this.context);
    this.created += 1;
    this.failures = 0;
    this.lastError = undefined;
    this.retryAt = 0;
    this.hooks.emit('prepared', { id: sandbox.container.id, ms: Date.now() - started });
    return sandbox;
  }

  private async refill(): Promise<void> {
    this.preparing += 1;
    try {
      const sandbox = await this.prepare();
      this.preparing -= 1;
      this.giveBack(sandbox);
    } catch (error) {
      this.preparing -= 1;
      this.failures += 1;
      this.lastError = describeCause(error);
      const retryInMs = prepareBackoffMs(this.failures);
      this.retryAt = Date.now() + retryInMs;
      this.context.logger.warn(
        `pool ${this.context.poolId}: preparing a sandbox failed (${this.failures} in a row), retrying in ${retryInMs} ms: ${this.lastError}`,
      );
      this.hooks.emit('prepare-failed', { error, consecutiveFailures: this.failures, retryInMs });
    }
    this.pump();
  }

  /** A ready sandbox goes to the longest-waiting caller, else to the idle list. */
  private giveBack(sandbox: WarmSandbox): void {
    if (this.stopped) return this.remove(sandbox, 'closed');
    if (this.hooks.deliver(sandbox)) return;
    sandbox.idleSince = Date.now();
    this.idle.push(sandbox);
  }

  /** Removes a sandbox in the background; it counts against `max` until it is gone. */
  private remove(sandbox: WarmSandbox, reason: RemovalReason): void {
    this.busy += 1;
    const { id } = sandbox.container;
    const removal = sandbox.container
      .close()
      .catch((error: unknown) =>
        this.context.logger.warn(`pool ${this.context.poolId}: removing ${id.slice(0, 12)} failed: ${describeCause(error)}`),
      );
    this.track(
      removal.finally(() => {
        this.busy -= 1;
        this.removed += 1;
        this.hooks.emit('removed', { id, reason });
        this.pump();
      }),
    );
  }

  /** Takes the idle sandboxes out (no caller gets one mid-probe), keeps the healthy ones. */
  private checkHealth(): void {
    const taken = this.idle.splice(0);
    this.busy += taken.length;
    this.track(
      checkIdle(taken, this.options).then(({ healthy, retired }) => {
        this.busy -= taken.length;
        for (const { sandbox, reason } of retired) this.remove(sandbox, reason);
        for (const sandbox of healthy) this.giveBack(sandbox);
        this.pump();
      }),
    );
  }

  private track(task: Promise<unknown>): void {
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }
}
