import { afterEach, describe, expect, it } from 'vitest';
import { PoolClosedError, PoolExhaustedError } from '../errors.js';
import { isAbandoned, LABELS } from '../owner.js';
import type { Pool } from '../pool/pool.js';
import type { PoolOptions } from '../pool/pool-options.js';
import type { RemovalReason } from '../pool/pool-stats.js';
import type { Session } from '../session.js';

export interface PoolSuiteOptions {
  /** A Python pool on the engine under test, with these options. */
  readonly createPool: (options: PoolOptions) => Promise<Pool>;
  /** The engine's sandboxes labelled with the pool's id (`POOL_LABEL`), e.g. from a container listing. */
  readonly listSandboxes: (poolId: string) => Promise<readonly { readonly id: string; readonly labels: Readonly<Record<string, string>> }[]>;
  /** Kills a sandbox behind the pool's back, through the engine. */
  readonly killSandbox: (id: string) => Promise<void>;
  /** Per-test timeout. Default: 60 000 ms. */
  readonly timeoutMs?: number;
}

/** What user A leaves behind: files, a package on the import path, a detached process, a plot. */
const LEAVE_TRACES = `
import os, subprocess
os.makedirs('leaky_pkg', exist_ok=True)
open('leaky_pkg/__init__.py', 'w').write('X = 1')
open('/tmp/a-was-here.txt', 'w').write('A')
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
plt.plot([1, 2]); plt.savefig('/tmp/a-plot.png')
subprocess.Popen(['setsid', 'sleep', '300'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
import leaky_pkg
print(os.environ.get('POOL_SECRET'), leaky_pkg.X, sorted(os.listdir('/tmp')).count('a-plot.png'))
`;

const FIND_TRACES = `
import os
try:
    import leaky_pkg
    found = 'package'
except ImportError:
    found = 'none'
def cmdline(pid):
    try:
        return open(f'/proc/{pid}/cmdline', 'rb').read().replace(bytes(1), b' ').decode()
    except OSError:
        return ''
procs = ' '.join(cmdline(pid) for pid in os.listdir('/proc') if pid.isdigit())
print(found, os.environ.get('POOL_SECRET'), os.path.exists('/tmp/a-was-here.txt'), os.path.exists('/tmp/a-plot.png'), os.path.exists('notes.txt'), 'sleep 300' in procs)
`;

/**
 * Pools on a real engine: a clean slate between users, every strategy, refills, close, and many
 * concurrent callers. Small pools, so a run stays within a couple of minutes.
 */
export function describePool(name: string, options: PoolSuiteOptions): void {
  const timeout = options.timeoutMs ?? 60_000;
  const pools: Pool[] = [];
  const open = async (poolOptions: PoolOptions): Promise<Pool> => {
    const pool = await options.createPool(poolOptions);
    pools.push(pool);
    return pool;
  };
  const until = async (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + timeout / 2;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ids = async (pool: Pool): Promise<string[]> => (await options.listSandboxes(pool.id)).map((sandbox) => sandbox.id).sort();

  describe(`pools on ${name}`, { timeout }, () => {
    afterEach(async () => {
      await Promise.all(pools.splice(0).map((pool) => pool.close()));
    }, timeout);

    it('hands out a prepared sandbox that runs code, labelled with its owner like any session (cleanup keeps it)', async () => {
      const pool = await open({ min: 1, max: 2 });
      const created = pool.stats().created;
      const session = await pool.acquire();
      expect(pool.stats().created).toBe(created); // handed out, not created on demand
      expect((await session.run('print(6 * 7)')).stdout).toBe('42\n');
      const [sandbox] = (await options.listSandboxes(pool.id)).filter((s) => s.id === session.containerId);
      expect(sandbox?.labels).toMatchObject({ [LABELS.managed]: 'true', [LABELS.ownerPid]: String(process.pid) });
      expect(isAbandoned(sandbox?.labels ?? {}, Date.now())).toBe(false); // what `llmsb cleanup` asks: a live owner's, kept
      await session.close();
    });

    it('gives the next user a clean slate: no file, package, process, env variable or plot of the previous one', async () => {
      const pool = await open({ min: 1, max: 1 });
      const a = await pool.acquire({ env: { POOL_SECRET: 'token-of-a' } });
      await a.writeFile('notes.txt', 'user A');
      expect((await a.run(LEAVE_TRACES)).stdout).toBe('token-of-a 1 1\n');
      const aId = a.containerId;
      await a.close();
      const b = await pool.acquire();
      expect(b.containerId).not.toBe(aId);
      const traces = await b.run(FIND_TRACES);
      expect(traces.stderr).toBe('');
      expect(traces.stdout).toBe('none None False False False False\n');
      await b.close();
      expect(await ids(pool)).not.toContain(aId);
    });

    it("strategy 'fail' refuses at once with PoolExhaustedError when every sandbox is leased", async () => {
      const pool = await open({ min: 1, max: 1, strategy: 'fail' });
      const held = await pool.acquire();
      await expect(pool.acquire()).rejects.toBeInstanceOf(PoolExhaustedError);
      await held.close();
    });

    it("strategy 'wait' serves a waiting caller after a release, and times out with PoolExhaustedError", async () => {
      const pool = await open({ min: 1, max: 1, strategy: 'wait' });
      const held = await pool.acquire();
      await expect(pool.acquire({ acquireTimeoutMs: 300 })).rejects.toBeInstanceOf(PoolExhaustedError);
      const waiting = pool.acquire();
      await held.close();
      const next = await waiting;
      expect((await next.run('print("next")')).stdout).toBe('next\n');
      expect(next.containerId).not.toBe(held.containerId);
      await next.close();
    });

    it("strategy 'overflow' serves a temporary sandbox past max and removes it on release", async () => {
      const pool = await open({ min: 1, max: 1, strategy: 'overflow' });
      const held = await pool.acquire();
      const extra = await pool.acquire();
      expect(pool.stats()).toMatchObject({ leased: 1, overflow: 1 });
      expect((await extra.run('print("extra")')).stdout).toBe('extra\n');
      const extraId = extra.containerId;
      await extra.close();
      expect(await ids(pool)).not.toContain(extraId);
      await held.close();
      await until(() => pool.stats().idle === 1, 'the pool refilled');
      expect(await ids(pool)).toHaveLength(1); // never kept: only the refill is left
    });

    it('refills after a release and after an idle sandbox dies', async () => {
      const pool = await open({ min: 1, max: 2, healthCheckIntervalMs: 300 });
      const reasons: RemovalReason[] = [];
      pool.on('removed', (event) => reasons.push(event.reason));
      const first = await pool.acquire();
      const released = first.containerId;
      await first.close();
      await until(() => pool.stats().idle === 1, 'the pool refilled after the release');
      // The released sandbox may still be listed while the engine removes it: never pick it.
      const [idle] = (await ids(pool)).filter((id) => id !== released);
      await options.killSandbox(idle!);
      await until(() => reasons.includes('unhealthy') && pool.stats().idle === 1, 'the dead sandbox was replaced');
      const session = await pool.acquire();
      expect(session.containerId).not.toBe(idle);
      expect((await session.run('print("alive")')).stdout).toBe('alive\n');
      await session.close();
    });

    it('close rejects waiters with PoolClosedError, force-closes leased sessions after the drain and leaves nothing', async () => {
      const pool = await open({ min: 2, max: 2, drainTimeoutMs: 200 });
      const leased: Session = await pool.acquire();
      const other = await pool.acquire();
      const waiting = expect(pool.acquire()).rejects.toBeInstanceOf(PoolClosedError);
      await until(() => pool.stats().waiting === 1, 'a caller waits');
      await pool.close();
      await waiting;
      expect(leased.isOpen || other.isOpen).toBe(false);
      await until(async () => (await ids(pool)).length === 0, 'every pooled sandbox is gone');
      await expect(pool.acquire()).rejects.toBeInstanceOf(PoolClosedError);
    });

    it('serves 20 concurrent callers, each its own fresh sandbox, never more than max at once', async () => {
      const pool = await open({ min: 2, max: 4, createConcurrency: 2 });
      let peak = 0;
      const watch = setInterval(() => {
        const { idle, leased, preparing } = pool.stats();
        peak = Math.max(peak, idle + leased + preparing);
      }, 5);
      const results = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const session = await pool.acquire({ env: { CALLER: String(i) } });
          try {
            const { stdout } = await session.run('import os\nprint(os.environ["CALLER"])');
            return { stdout, id: session.containerId };
          } finally {
            await session.close();
          }
        }),
      );
      clearInterval(watch);
      expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
      expect(new Set(results.map((r) => r.id)).size).toBe(20);
      expect(peak).toBeLessThanOrEqual(4);
    });
  });
}
