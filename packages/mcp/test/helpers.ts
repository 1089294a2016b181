import { fileURLToPath } from 'node:url';
import type { connectDocker } from '@llmsb/backend-docker';
import { requireDockerImage } from '@llmsb/backend-docker/testing';
import { pythonRecipe } from '@llmsb/lang-python';

type Docker = Awaited<ReturnType<typeof connectDocker>>['docker'];

/** The built CLI: `llmsb mcp` is tested as users start it. */
export const CLI_BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));

/** The engine and the python image the tests need; missing ones fail the tests (never skip). */
export const requireDocker = (): Promise<Docker> => requireDockerImage(pythonRecipe, 'python');

/** Sandboxes (containers) owned by a process, by the owner label every sandbox carries. */
export async function sandboxesOf(docker: Docker, pid: number): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`llmsb.owner.pid=${pid}`] } });
  return containers.length;
}

/** Polls until `check` holds or the time is up; resolves to its last value. */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Python that makes one matplotlib, one seaborn and one plotly figure. */
export const THREE_PLOTS = `
import matplotlib.pyplot as plt
import seaborn as sns
import plotly.express as px
plt.plot([1, 2, 3], [4, 1, 3])
plt.show()
plt.figure()
sns.histplot([1, 2, 2, 3, 3, 3])
plt.show()
px.bar(x=["a", "b"], y=[1, 2]).show()
print("plotted")
`;
