import { defaultRegistry, type PluginRegistry } from '@llmsb/core';
import { ArtifactSession } from './artifact-session.js';
import type { ArtifactSessionOptions, PooledArtifactSessionOptions } from './options.js';

/**
 * Creates an artifact session and opens it; with `pool`, on a never-used sandbox of that pool.
 *
 * @example
 * await using session = await createArtifactSession({ lang: 'python' });
 * const { plots } = await session.run('import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()');
 */
export async function createArtifactSession(
  options: ArtifactSessionOptions | PooledArtifactSessionOptions = {},
  registry: PluginRegistry = defaultRegistry,
): Promise<ArtifactSession> {
  return new ArtifactSession(options, registry).open();
}

/** Seed-compatible name of `createArtifactSession` (like `SandboxSession` for `createSession`). */
export const ArtifactSandboxSession: typeof createArtifactSession = createArtifactSession;
/** The type of what `ArtifactSandboxSession(...)` resolves to. */
export type ArtifactSandboxSession = ArtifactSession;
