import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PoolClosedError, PoolExhaustedError } from '../errors.js';
import type { LanguageHandler } from '../types.js';
import type { Logger } from '../logger.js';
import type { Session } from '../session.js';
import { pendingSession, type HandOverContext } from './hand-over.js';
import type { AcquireOptions, ResolvedPoolOptions } from './pool-options.js';
import type { PoolEvents, PoolStats } from './pool-stats.js';
import { SandboxSupply } from './sandbox-supply.js';
import { WaiterQueue } from './waiters.js';
import type { WarmSandbox } from './warm-sandbox.js';

export type PoolContext = Omit<HandOverContext, 'options'> & { readonly logger: Logger };

/**
 * A pool of single-use, prewarmed sandboxes. `acquire()` hands out a never-used sandbox as an
 * ordinary open `Session`; its `close()` removes the sandbox, and a fresh one is prepared in the
 * background (see `SandboxSupply`).
 */
export class Pool implements AsyncDisposable {
  readonly id: string = randomBytes(6).toString('hex');
  private readonly events = new EventEmitter();
  private readonly waiters = new WaiterQueue();
  private readonly supply: SandboxSupply;
  /** Leases not yet released: a promise settled at release, and the session once open. */
  private readonly leases = new Map<Promise<void>, { session?: Session }>();
  private leased = 0;
  private overflow = 0;
  private closing: Promise<void> | undefined;

  constructor(
    readonly options: ResolvedPoolOptions,
    private readonly context: PoolContext,
  ) {
    this.supply = new SandboxSupply(
      options,
      { ...context, poolId: this.id, options },
      {
        waiting: () => this.waiters.length,
        leased: () => this.leased,
        deliver: (sandbox) => this.deliver(sandbox),
        emit: (event, ...args) => this.events.emit(event, ...args),
      },
    );
  }

  /** Prepares `min` sandboxes; any failure removes what was made and rejects (the image cannot start). */
  async start(): Promise<this> {
    try {
      await this.supply.fill(this.options.min);
    } catch (error) {
      await this.close();
      throw error;
    }
    this.supply.startHealthChecks();
    return this;
  }

  /** The language every pooled sandbox was prepared for (session kinds built on the pool wrap it). */
  get language(): LanguageHandler {
    return this.context.language;
  }

  /**
   * Hands out a never-used sandbox as an open `Session`, with this call's timeouts, policy, logger,
   * env and libraries (libraries install now: they are not warm). `session.close()` releases it.
   */
  async acquire(perCall: AcquireOptions = {}): Promise<Session> {
    if (this.closing) throw new PoolClosedError();
    const pending = pendingSession({ ...this.context, options: this.options }, perCall);
    const { sandbox, overflow } = await this.take(perCall);
    let released!: () => void;
    const done = new Promise<void>((resolve) => (released = resolve));
    const lease: { session?: Session } = {};
    this.leases.set(done, lease);
    const session = await pending.open(sandbox, () => {
      this.leases.delete(done);
      released();
      if (overflow) this.overflow -= 1;
      else this.leased -= 1;
      this.supply.released(sandbox.container.id);
    });
    lease.session = session;
    if (this.closing) {
      await session.close();
      throw new PoolClosedError();
    }
    this.events.emit('acquired', { id: sandbox.container.id, overflow });
    return session;
  }

  stats(): PoolStats {
    const { supply } = this;
    return {
      idle: supply.idle.length,
      leased: this.leased,
      preparing: supply.preparing,
      overflow: this.overflow,
      waiting: this.waiters.length,
      min: this.options.min,
      max: this.options.max,
      created: supply.created,
      removed: supply.removed,
      consecutiveFailures: supply.failures,
      ...(supply.lastError !== undefined ? { lastError: supply.lastError } : {}),
      closed: this.closing !== undefined,
    };
  }

  on<K extends keyof PoolEvents>(event: K, listener: (...args: PoolEvents[K]) => void): this {
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof PoolEvents>(event: K, listener: (...args: PoolEvents[K]) => void): this {
    this.events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /**
   * Rejects waiting `acquire()` calls with `PoolClosedError`, removes idle sandboxes, gives leased
   * sessions `drainTimeoutMs` to close and then closes them, and resolves once nothing is left.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // --- Internal helpers ---

  private async take(perCall: AcquireOptions): Promise<{ sandbox: WarmSandbox; overflow: boolean }> {
    const ready = this.supply.takeIdle();
    if (ready) {
      this.leased += 1;
      this.supply.pump();
      return { sandbox: ready, overflow: false };
    }
    // No sandbox reaches this caller without a release: the pool is exhausted.
    if (this.leased + this.waiters.length >= this.options.max) {
      if (this.options.strategy === 'fail') {
        throw new PoolExhaustedError(
          `All ${this.options.max} sandboxes of the pool are leased (strategy 'fail'). Release one (session.close()) or raise max.`,
        );
      }
      if (this.options.strategy === 'overflow') return { sandbox: await this.prepareOverflow(), overflow: true };
    }
    const timeoutMs = perCall.acquireTimeoutMs === undefined ? this.options.acquireTimeoutMs : perCall.acquireTimeoutMs;
    const waiting = this.waiters.wait(
      timeoutMs,
      () =>
        new PoolExhaustedError(
          `No pooled sandbox became free within ${timeoutMs} ms (all ${this.options.max} leased). Release sessions sooner, or raise max or acquireTimeoutMs.`,
        ),
      perCall.signal,
    );
    this.supply.pump();
    return { sandbox: await waiting, overflow: false };
  }

  /** A temporary sandbox past `max` (strategy `'overflow'`): removed on release, never kept. */
  private async prepareOverflow(): Promise<WarmSandbox> {
    this.overflow += 1;
    try {
      return await this.supply.prepareNow();
    } catch (error) {
      this.overflow -= 1;
      throw error;
    }
  }

  private deliver(sandbox: WarmSandbox): boolean {
    const waiter = this.waiters.first();
    if (!waiter) return false;
    this.leased += 1;
    waiter.resolve(sandbox);
    return true;
  }

  private async shutDown(): Promise<void> {
    this.supply.stop();
    this.waiters.rejectAll(new PoolClosedError('The pool was closed while acquire() waited for a sandbox.'));
    const drained = Promise.all(this.leases.keys());
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, this.options.drainTimeoutMs).unref())]);
    const sessions = [...this.leases.values()].flatMap((lease) => lease.session ?? []);
    await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
    await drained;
    await this.supply.settle();
    this.events.emit('closed');
  }
}
