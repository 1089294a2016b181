import { createSession } from '../create-session.js';
import { defaultRegistry, type PluginRegistry } from '../registry.js';
import { splitInteractiveOptions, type InteractiveSessionOptions } from './interactive-options.js';
import { InteractiveSession } from './interactive-session.js';

/**
 * Opens a sandbox with a running kernel (Python: a Jupyter kernel; JavaScript and TypeScript: a
 * persistent Node context; on Docker and Podman): cells share variables, imports and files, like
 * a notebook. Close it (or `await using`) when done.
 */
export async function createInteractiveSession(
  options: InteractiveSessionOptions = {},
  registry: PluginRegistry = defaultRegistry,
): Promise<InteractiveSession> {
  const { session: sessionOptions, kernel } = splitInteractiveOptions(options);
  const session = await createSession(sessionOptions, registry);
  try {
    return await new InteractiveSession(session, kernel).start();
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** The upstream name of `createInteractiveSession`. */
export const InteractiveSandboxSession: typeof createInteractiveSession = createInteractiveSession;
