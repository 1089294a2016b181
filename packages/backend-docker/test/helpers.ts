import { testOpenContext, type OpenContextOverrides } from '@llmsb/core/testing';
import { PluginRegistry, type BackendOpenContext, type Session, type SessionOptions } from '@llmsb/core';
import { dockerBackend } from '@llmsb/backend-docker';
import { requireDockerImage } from '@llmsb/backend-docker/testing';
import { python, pythonRecipe } from '@llmsb/lang-python';
import type Docker from 'dockerode';

/** The engine the tests talk to; a missing engine or image fails the tests (never skips). */
export const requireDocker = (): Promise<Docker> => requireDockerImage(pythonRecipe, 'python');

export function dockerRegistry(): PluginRegistry {
  return new PluginRegistry().use(dockerBackend(), python());
}

export const pythonOnDocker: SessionOptions = { backend: 'docker', lang: 'python' };

/** A backend open context for the python image with the session defaults. */
export const openContext = (overrides: OpenContextOverrides = {}): BackendOpenContext => testOpenContext(python(), overrides);

export { PROCESS_LISTING } from '@llmsb/backend-docker/testing';

/** Only a warm run's interpreter is `python3 -I` (the fork server's); the sandbox's own is not. */
export const IS_WARM = 'import sys\nprint(sys.flags.isolated)';

/** Resolves once runs of `session` fork from its warm interpreter (`warmStart: true`). */
export async function untilWarm(session: Session): Promise<Session> {
  for (const start = Date.now(); Date.now() - start < 60_000;) {
    if ((await session.run(IS_WARM)).stdout === '1\n') return session;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('runs did not become warm within 60 s');
}

/** The two ways a Python run starts: a cold interpreter, or a child of the warm one. */
export const PYTHON_MODES = [
  { mode: 'cold', warmStart: false },
  { mode: 'warm', warmStart: true },
] as const;
