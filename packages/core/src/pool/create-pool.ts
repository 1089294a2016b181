import { silentLogger, stderrLogger } from '../logger.js';
import { defaultRegistry, type PluginRegistry } from '../registry.js';
import { Pool } from './pool.js';
import { parsePoolOptions, type PoolOptions } from './pool-options.js';

/**
 * Creates a pool of single-use, prewarmed sandboxes; resolves once `min` of them are ready, and
 * rejects (removing what it made) when one cannot be prepared, e.g. an image that does not start.
 *
 * @example
 * await using pool = await createPool({ lang: 'python', min: 2, max: 8 });
 * await using session = await pool.acquire({ sessionTimeoutMs: 60_000 });
 * const { stdout } = await session.run('print(1 + 1)');
 */
export async function createPool(options: PoolOptions = {}, registry: PluginRegistry = defaultRegistry): Promise<Pool> {
  const resolved = parsePoolOptions(options);
  const logger = resolved.logger ?? (resolved.verbose ? stderrLogger : silentLogger);
  const [backend, language] = await Promise.all([registry.backend(resolved.backend), registry.language(resolved.lang)]);
  return new Pool(resolved, { backend, language, registry, logger }).start();
}
