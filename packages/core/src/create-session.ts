import type { SessionOptions } from './options.js';
import { defaultRegistry, type PluginRegistry } from './registry.js';
import { Session } from './session.js';

/**
 * Creates a session and opens it: the promise resolves once the first run can start.
 *
 * @example
 * await using session = await createSession({ lang: 'python' });
 * const { stdout } = await session.run('print(1 + 1)');
 */
export async function createSession(options: SessionOptions = {}, registry: PluginRegistry = defaultRegistry): Promise<Session> {
  return new Session(options, registry).open();
}

/** Seed-compatible alias of `createSession`. */
export const SandboxSession: typeof createSession = createSession;
