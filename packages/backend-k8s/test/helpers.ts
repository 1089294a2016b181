import { runtimeConfigSchema, silentLogger, type BackendOpenContext, type RuntimeConfigInput } from '@llmsb/core';
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

export function openContext(overrides: Omit<Partial<BackendOpenContext>, 'runtimeConfig'> & { runtimeConfig?: RuntimeConfigInput } = {}): BackendOpenContext {
  const { runtimeConfig, ...rest } = overrides;
  return {
    language: python(),
    workdir: '/sandbox',
    runtimeConfig: runtimeConfigSchema.parse(runtimeConfig ?? {}),
    keepTemplate: false,
    commitContainer: false,
    buildMissingImage: false,
    labels: { 'llmsb.managed': 'true', 'llmsb.test': 'k8s-fixture' },
    logger: silentLogger,
    ...rest,
  };
}
