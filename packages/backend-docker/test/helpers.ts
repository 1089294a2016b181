import { testOpenContext, type OpenContextOverrides } from '@llmsb/core/testing';
import { PluginRegistry, type BackendOpenContext, type SessionOptions } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { python, pythonRecipe } from '@llmsb/lang-python';
import type Docker from 'dockerode';

/** The engine the tests talk to; a missing engine or image fails the tests (never skips). */
export async function requireDocker(): Promise<Docker> {
  const { docker } = await connectDocker();
  const image = recipeImageTag(pythonRecipe);
  if (!(await imageExists(docker, image))) {
    throw new Error(`The test image ${image} is missing: run \`pnpm llmsb images build python\` (scripts/setup.sh does).`);
  }
  return docker;
}

export function dockerRegistry(): PluginRegistry {
  return new PluginRegistry().use(dockerBackend(), python());
}

export const pythonOnDocker: SessionOptions = { backend: 'docker', lang: 'python' };

/** A backend open context for the python image with the session defaults. */
export const openContext = (overrides: OpenContextOverrides = {}): BackendOpenContext => testOpenContext(python(), overrides);

export { PROCESS_LISTING } from '@llmsb/backend-docker/testing';
