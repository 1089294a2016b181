import { testOpenContext, type OpenContextOverrides } from '@llmsb/core/testing';
import { type BackendOpenContext } from '@llmsb/core';
import { connectDocker, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { python, pythonRecipe } from '@llmsb/lang-python';

/** The fixture's pods are Docker containers of the python image; a missing one fails (never skips). */
export async function requirePythonImage(): Promise<void> {
  const { docker } = await connectDocker();
  const image = recipeImageTag(pythonRecipe);
  if (!(await imageExists(docker, image))) {
    throw new Error(`The test image ${image} is missing: run \`pnpm llmsb images build python\` (scripts/setup.sh does).`);
  }
}

/** A backend open context for the python image with the session defaults. */
export const openContext = (overrides: OpenContextOverrides = {}): BackendOpenContext =>
  testOpenContext(python(), { labels: { 'llmsb.managed': 'true', 'llmsb.test': 'k8s-fixture' }, ...overrides });
