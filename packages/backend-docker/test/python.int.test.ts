// Python behaviour on the real engine. It lives with the Docker backend because the backend's
// tests already depend on @llmsb/lang-python (its image); the reverse dev dependency would be a cycle.
import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createSession, PackageManagerError, PluginRegistry, ValidationError } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { python, pythonRecipe } from '@llmsb/lang-python';
import { PYTHON_MODES, untilWarm } from './helpers.js';

const image = recipeImageTag(pythonRecipe);
let docker: Docker;
beforeAll(async () => {
  docker = (await connectDocker()).docker;
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build python\`.`);
});

const registry = (): PluginRegistry => new PluginRegistry().use(dockerBackend(), python());

describe.each(PYTHON_MODES)('Python on Docker ($mode runs)', ({ warmStart }) => {
  // A warm session is used once its runs are warm; an attached container has no supervisor, so none.
  const open = async (options: { containerId?: string; workdir?: string } = {}) => {
    const session = await createSession({ lang: 'python', warmStart, ...options }, registry());
    return warmStart && !options.containerId ? untilWarm(session) : session;
  };

  it('runs hello world as __main__ from a file in the workdir', async () => {
    await using session = await open();
    const result = await session.run('import os, sys\nprint("hello", __name__, os.getcwd(), sys.argv[0].startswith("/sandbox/llmsb_"))');
    expect(result).toEqual({ exitCode: 0, stdout: 'hello __main__ /sandbox True\n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('returns a traceback as data with the user line numbers', async () => {
    await using session = await open();
    const result = await session.run('x = 1\nraise ValueError("boom")');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/line 2, in <module>\n.*\nValueError: boom/s);
  });

  it('has numpy, pandas, matplotlib, seaborn and plotly preinstalled', async () => {
    await using session = await open();
    const result = await session.run('import numpy, pandas, matplotlib.pyplot, seaborn, plotly\nprint(numpy.arange(3).sum())');
    expect(result).toMatchObject({ exitCode: 0, stdout: '3\n' });
  });

  it('runs the seed example with libraries=["numpy"]', async () => {
    await using session = await open();
    const result = await session.run('import numpy as np\nprint(np.random.rand() < 1.0)', { libraries: ['numpy'] });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'True\n' });
  });

  it('installs a library from PyPI (through the proxy CA) and uses it in the next run', async () => {
    await using session = await open();
    await session.install(['tabulate==0.9.0']);
    const result = await session.run(
      'from tabulate import tabulate\nprint(tabulate([[1, 2]], tablefmt="plain"))\nimport numpy\nprint("still sees", numpy.__name__)',
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: '1  2\nstill sees numpy\n' });
  });

  it('refuses a library name crafted for shell injection before running anything', async () => {
    await using session = await open();
    await expect(session.install(['six; touch /tmp/pwned'])).rejects.toBeInstanceOf(ValidationError);
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });

  it('throws PackageManagerError for a package that does not exist', async () => {
    await using session = await open();
    await expect(session.install(['llmsb-no-such-package-zzz'])).rejects.toBeInstanceOf(PackageManagerError);
  });

  it('works on an attached container without the virtual environment', async () => {
    const container = await docker.createContainer({
      Image: image,
      Cmd: ['sleep', 'infinity'],
      User: '1000',
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'VIRTUAL_ENV='],
    });
    await container.start();
    try {
      await using session = await open({ containerId: container.id, workdir: '/tmp/work' });
      const which = await session.run('import sys\nprint(sys.prefix == sys.base_prefix)');
      expect(which.stdout).toBe('True\n');
      await session.install(['tabulate==0.9.0']);
      expect((await session.run('import tabulate\nprint(tabulate.__version__)')).stdout).toBe('0.9.0\n');
    } finally {
      await container.remove({ force: true });
    }
  });
});
