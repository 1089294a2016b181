import { dockerBackend, type connectDocker } from '@llmsb/backend-docker';
import { requireDockerImage } from '@llmsb/backend-docker/testing';
import { PluginRegistry } from '@llmsb/core';
import { python, pythonRecipe } from '@llmsb/lang-python';

type Docker = Awaited<ReturnType<typeof connectDocker>>['docker'];

/** The engine and the python image the tests need; missing ones fail the tests (never skip). */
export const requireDocker = (): Promise<Docker> => requireDockerImage(pythonRecipe, 'python');

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
