import { describe, expect, it } from 'vitest';
import { fakeBackend, fakeLanguage, type FakeContainer } from '@llmsb/core/testing';
import { PoolClosedError, PoolExhaustedError, ValidationError } from '../errors.js';
import { PluginRegistry } from '../registry.js';
import type { BackendPlugin } from '../types.js';
import { createSession } from '../create-session.js';
import { createPool } from './create-pool.js';
import type { Lease } from './lease-hook.js';
import type { PoolOptions } from './pool-options.js';

// The fake backend is a test double: these tests check the pool's bookkeeping, not engines
// (the same behaviours run against Docker, Podman and Kubernetes in describePool).

interface CountingBackend extends BackendPlugin {
  readonly opened: FakeContainer[];
  readonly leases: Lease[];
  live: number;
  peak: number;
  failing: boolean;
  openDelayMs: number;
}

/** The fake backend with counters, injected failures and a lease hook. */
function countingBackend(): CountingBackend {
  const inner = fakeBackend();
  const backend: CountingBackend = {
    kind: 'backend',
    name: 'fake',
    opened: inner.opened,
    leases: [],
    live: 0,
    peak: 0,
    failing: false,
    openDelayMs: 0,
    async open(context) {
      await new Promise((resolve) => setTimeout(resolve, backend.openDelayMs));
      if (backend.failing) throw new Error('the image cannot start');
      const container = (await inner.open(context)) as FakeContainer;
      backend.live += 1;
      backend.peak = Math.max(backend.peak, backend.live);
      const close = container.close.bind(container);
      container.close = async () => {
        if (!container.closed) backend.live -= 1;
        return close();
      };
      return Object.assign(container, { beginLease: async (lease: Lease) => void backend.leases.push(lease) });
    },
  };
  return backend;
}

function pool(backend: CountingBackend, options: PoolOptions = {}) {
  return createPool({ backend: 'fake', lang: 'fake', ...options }, new PluginRegistry().use(backend, fakeLanguage()));
}

const until = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('a pool on the fake backend (test double)', () => {
  it('resolves once min sandboxes are ready and hands one out as an open session without creating another', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 2, max: 4 });
    expect(warm.stats()).toMatchObject({ idle: 2, leased: 0, preparing: 0, created: 2 });
    const prewarmed = backend.opened.map((container) => container.id);
    const session = await warm.acquire();
    expect(session.isOpen).toBe(true);
    expect(prewarmed).toContain(session.containerId);
    await until(() => backend.opened.length === 3); // the refill, prepared in the background
    expect((await session.run('echo hello')).stdout).toBe('hello\n');
    expect(warm.stats()).toMatchObject({ leased: 1 });
    await session.close();
  });

  it('uses each sandbox once: release removes it and a fresh one replaces it', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1, max: 2 });
    const first = await warm.acquire();
    const firstId = first.containerId;
    await first.close();
    await until(() => warm.stats().idle === 1);
    expect(backend.opened.find((c) => c.id === firstId)?.closed).toBe(true);
    const second = await warm.acquire();
    expect(second.containerId).not.toBe(firstId);
    await second.close();
    expect(warm.stats().removed).toBe(2);
  });

  it('gives env to one session only and refuses env at pool creation', async () => {
    const backend = countingBackend();
    await expect(pool(backend, { runtimeConfig: { env: { TOKEN: 'x' } } })).rejects.toBeInstanceOf(ValidationError);
    await using warm = await pool(backend, { min: 1 });
    const first = await warm.acquire({ env: { TOKEN: 'secret-1' } });
    expect((await first.run('echo $TOKEN')).stdout).toBe('secret-1\n');
    await first.close();
    const second = await warm.acquire();
    expect((await second.run('echo "[$TOKEN]"')).stdout).toBe('[]\n');
    await second.close();
    expect(backend.opened.every((c) => !JSON.stringify(c).includes('secret-1'))).toBe(true);
  });

  it("strategy 'fail' throws PoolExhaustedError when every sandbox is leased", async () => {
    await using warm = await pool(countingBackend(), { min: 1, max: 1, strategy: 'fail' });
    const held = await warm.acquire();
    await expect(warm.acquire()).rejects.toBeInstanceOf(PoolExhaustedError);
    await held.close();
    await (await warm.acquire()).close();
  });

  it("strategy 'wait' hands a released slot to the waiting caller, times out with PoolExhaustedError, and stops waiting on abort", async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1, max: 1, acquireTimeoutMs: 2_000 });
    const held = await warm.acquire();
    const waiting = warm.acquire();
    await until(() => warm.stats().waiting === 1);
    await held.close();
    const next = await waiting;
    expect(next.containerId).not.toBe(held.containerId);
    await expect(warm.acquire({ acquireTimeoutMs: 50 })).rejects.toBeInstanceOf(PoolExhaustedError);
    const reason = new Error('the user left');
    await expect(warm.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const controller = new AbortController();
    const aborted = expect(warm.acquire({ signal: controller.signal })).rejects.toBe(reason);
    controller.abort(reason);
    await aborted;
    expect(warm.stats().waiting).toBe(0);
    await next.close();
    expect(backend.peak).toBe(1);
  });

  it("strategy 'overflow' serves a temporary sandbox past max that is removed on release, never kept", async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1, max: 1, strategy: 'overflow' });
    const held = await warm.acquire();
    const extra = await warm.acquire();
    expect(warm.stats()).toMatchObject({ leased: 1, overflow: 1 });
    await extra.close();
    expect(warm.stats().overflow).toBe(0);
    await held.close();
    await until(() => warm.stats().idle === 1);
    expect(backend.live).toBe(1);
  });

  it('never has more than max sandboxes while 20 callers acquire and release at once', async () => {
    const backend = countingBackend();
    backend.openDelayMs = 5;
    await using warm = await pool(backend, { min: 2, max: 4, createConcurrency: 2 });
    const outputs = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const session = await warm.acquire({ env: { USER_NUMBER: String(i) } });
        try {
          return (await session.run('echo $USER_NUMBER')).stdout.trim();
        } finally {
          await session.close();
        }
      }),
    );
    expect(outputs).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(backend.peak).toBeLessThanOrEqual(4);
    expect(new Set(backend.opened.map((c) => c.id)).size).toBeGreaterThanOrEqual(20);
  });

  it('close rejects waiters with PoolClosedError, force-closes leased sessions after drainTimeoutMs and removes everything', async () => {
    const backend = countingBackend();
    const warm = await pool(backend, { min: 2, max: 2, drainTimeoutMs: 100 });
    const a = await warm.acquire();
    const b = await warm.acquire();
    const waiting = expect(warm.acquire()).rejects.toBeInstanceOf(PoolClosedError);
    await until(() => warm.stats().waiting === 1);
    const started = Date.now();
    await warm.close();
    await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(a.isOpen || b.isOpen).toBe(false);
    expect(backend.live).toBe(0);
    await expect(warm.acquire()).rejects.toBeInstanceOf(PoolClosedError);
    expect(warm.stats()).toMatchObject({ idle: 0, leased: 0, closed: true });
  });

  it('fails createPool when a sandbox cannot be prepared, leaving nothing behind', async () => {
    const backend = countingBackend();
    let opens = 0;
    backend.failing = false;
    Object.defineProperty(backend, 'failing', { get: () => ++opens > 1 });
    await expect(pool(backend, { min: 3, createConcurrency: 1 })).rejects.toThrow('the image cannot start');
    expect(backend.live).toBe(0);
  });

  it('backs off after preparation failures and reports them in stats and events', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1 });
    const failures: number[] = [];
    warm.on('prepare-failed', (event) => failures.push(event.retryInMs));
    backend.failing = true;
    await (await warm.acquire()).close();
    await until(() => failures.length >= 2);
    expect(failures.slice(0, 2)).toEqual([250, 500]);
    expect(warm.stats()).toMatchObject({ consecutiveFailures: failures.length, lastError: 'the image cannot start', idle: 0 });
    backend.failing = false;
    await until(() => warm.stats().idle === 1, 10_000);
    expect(warm.stats()).toMatchObject({ consecutiveFailures: 0 });
    expect(warm.stats().lastError).toBeUndefined();
  });

  it('replaces an idle sandbox that died, found by the health check', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1, healthCheckIntervalMs: 50 });
    const removed: string[] = [];
    warm.on('removed', (event) => removed.push(event.reason));
    const [first] = backend.opened;
    first!.closed = true; // the sandbox died: every call now fails
    await until(() => removed.includes('unhealthy') && warm.stats().idle === 1);
    const session = await warm.acquire();
    expect(session.containerId).not.toBe(first!.id);
    await session.close();
  });

  it('removes idle sandboxes past their idle timeout or lifetime and refills to min', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1, idleTimeoutMs: 30, healthCheckIntervalMs: 40 });
    const removed: string[] = [];
    warm.on('removed', (event) => removed.push(event.reason));
    await until(() => removed.includes('idle-timeout') && warm.stats().idle === 1);
    await using aged = await pool(countingBackend(), { min: 1, maxLifetimeMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const session = await aged.acquire();
    expect(aged.stats().removed).toBe(1); // the expired idle one was never handed out
    await session.close();
  });

  it('tells the backend at acquire how long the session may live, and validates per-call options before taking a sandbox', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1 });
    await expect(warm.acquire({ securityPolicy: 'no-such-preset' })).rejects.toThrow();
    expect(warm.stats()).toMatchObject({ idle: 1, leased: 0 });
    const session = await warm.acquire({ sessionTimeoutMs: 5_000 });
    expect(backend.leases).toEqual([{ sessionTimeoutMs: 5_000 }]);
    await session.close();
  });

  it('installs per-acquire libraries after acquire', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1, runtimeConfig: { network: 'bridge' } });
    const session = await warm.acquire({ libraries: ['left-pad'] });
    expect((await session.executeCommand('cat /installed')).stdout).toBe('left-pad\n');
    await session.close();
  });

  it('serves createSession({ pool }) like acquire, and refuses pool-level options per acquire', async () => {
    const backend = countingBackend();
    await using warm = await pool(backend, { min: 1 });
    const session = await createSession({ pool: warm, env: { WHO: 'pooled' } });
    expect((await session.run('echo $WHO')).stdout).toBe('pooled\n');
    expect(backend.opened.map((c) => c.id)).toContain(session.containerId);
    await session.close();
    await expect(warm.acquire({ image: 'python:3.11' } as never)).rejects.toBeInstanceOf(ValidationError);
  });
});
