import { testOpenContext, type OpenContextOverrides } from '@llmsb/core/testing';
import { PluginRegistry, type BackendOpenContext, type SessionOptions } from '@llmsb/core';
import { imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { connectPodman, podmanBackend } from '@llmsb/backend-podman';
import { python, pythonRecipe } from '@llmsb/lang-python';
import type Docker from 'dockerode';

export const pythonImage = recipeImageTag(pythonRecipe);

/** Podman's service and the python image in its store; missing ones fail the tests (never skip). */
export async function requirePodman(): Promise<Docker> {
  const { docker } = await connectPodman();
  if (!(await imageExists(docker, pythonImage))) {
    throw new Error(`${pythonImage} is not in Podman's store: run scripts/setup.sh (it copies it from Docker).`);
  }
  return docker;
}

export function podmanRegistry(): PluginRegistry {
  return new PluginRegistry().use(podmanBackend(), python());
}

export const pythonOnPodman: SessionOptions = { backend: 'podman', lang: 'python' };

/** A backend open context for the python image with the session defaults. */
export const openContext = (overrides: OpenContextOverrides = {}): BackendOpenContext => testOpenContext(python(), overrides);

export { PROCESS_LISTING } from '@llmsb/backend-docker/testing';
