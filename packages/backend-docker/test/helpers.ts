import { testOpenContext, type OpenContextOverrides } from '@llmsb/core/testing';
import { PluginRegistry, type BackendOpenContext, type SessionOptions } from '@llmsb/core';
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

export { IS_WARM, PROCESS_LISTING, PYTHON_MODES, untilWarm } from '@llmsb/backend-docker/testing';
