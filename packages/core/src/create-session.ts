import type { SessionOptions } from './options.js';
import type { Pool } from './pool/pool.js';
import type { AcquireOptions } from './pool/pool-options.js';
import { defaultRegistry, type PluginRegistry } from './registry.js';
import { Session } from './session.js';

/** `createSession({ pool, ...perCall })`: a session on a never-used sandbox of the pool (`pool.acquire(perCall)`). */
export type PooledSessionOptions = AcquireOptions & { readonly pool: Pool };

/**
 * Creates a session and opens it: the promise resolves once the first run can start. With
 * `pool`, the session takes a prewarmed sandbox of that pool instead (see `createPool`).
 *
 * @example
 * await using session = await createSession({ lang: 'python' });
 * const { stdout } = await session.run('print(1 + 1)');
 */
export async function createSession(
  options: SessionOptions | PooledSessionOptions = {},
  registry: PluginRegistry = defaultRegistry,
): Promise<Session> {
  if ('pool' in options && options.pool !== undefined) {
    const { pool, ...perCall } = options;
    return pool.acquire(perCall);
  }
  return new Session(options, registry).open();
}

/** Seed-compatible alias of `createSession`. */
export const SandboxSession: typeof createSession = createSession;
