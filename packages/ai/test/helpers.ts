import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { PluginRegistry } from '@llmsb/core';
import { python, pythonRecipe } from '@llmsb/lang-python';

type Docker = Awaited<ReturnType<typeof connectDocker>>['docker'];

/** The engine and the python image the tests need; missing ones fail the tests (never skip). */
export async function requireDocker(): Promise<Docker> {
  const { docker } = await connectDocker();
  const image = recipeImageTag(pythonRecipe);
  if (!(await imageExists(docker, image))) {
    throw new Error(`The test image ${image} is missing: run \`pnpm llmsb images build python\` (scripts/setup.sh does).`);
  }
  return docker;
}

export function dockerPython(): PluginRegistry {
  return new PluginRegistry().use(dockerBackend(), python());
}

/** Removes this process's sandboxes behind the library's back, as an engine failure would. */
export async function loseSandboxes(docker: Docker): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`llmsb.owner.pid=${process.pid}`] } });
  await Promise.all(containers.map((container) => docker.getContainer(container.Id).remove({ force: true })));
  return containers.length;
}

export const PLOT_CODE = 'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2])\nplt.show()\nprint("drawn")';
