// Python in a micromamba environment on the Docker engine. Runs against a micromamba TEST
// DOUBLE image (see micromamba-double.ts: `run -n ENV` activates a prefix; `install` finds no
// channel) unless LLMSB_MICROMAMBA_IMAGE names an image with a real micromamba.
import { beforeAll, describe, expect, it } from 'vitest';
import { ContainerError, createSession, SandboxTimeoutError, type LanguageHandler } from '@llmsb/core';
import { withMicromambaInstall, type MicromambaBackendOptions } from '@llmsb/backend-micromamba';
import { recipeImageTag } from '@llmsb/backend-docker';
import { python, pythonRecipe } from '@llmsb/lang-python';
import { micromambaRegistry, requireMicromambaImage } from './helpers.js';
import { DOUBLE_LOG, usingDouble } from './micromamba-double.js';

let image: string;
beforeAll(async () => {
  ({ image } = await requireMicromambaImage());
}, 600_000);

const open = (backend: MicromambaBackendOptions = {}, options = {}, language?: LanguageHandler) =>
  createSession({ backend: 'micromamba', lang: 'python', ...options }, micromambaRegistry({ image, ...backend }, language));
const whereAmI =
  'import os, sys\nprint(sys.prefix == os.environ["CONDA_PREFIX"], os.environ["CONDA_DEFAULT_ENV"] if "CONDA_DEFAULT_ENV" in os.environ else "")';

describe('Python in a micromamba environment', () => {
  it('runs code with the base environment activated by default, through the supervisor', async () => {
    await using session = await open();
    expect(session.execPath).toBe('supervisor');
    const result = await session.run(whereAmI);
    expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^True /) });
    if (usingDouble) expect((await session.run('import sys\nprint(sys.prefix)')).stdout).toBe('/opt/conda\n');
  });

  it('runs cold with warmStart: a forked child would skip `micromamba run`', async () => {
    await using session = await open({}, { warmStart: true });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // time a fork server would need to be ready
    for (let i = 0; i < 3; i++) {
      expect((await session.run(`${whereAmI}\nprint(int(getattr(sys.flags, "safe_path", 0)))`)).stdout).toMatch(/^True .*\n0\n$/);
    }
  });

  it('runs every command inside the named environment', async () => {
    await using session = await open({ environment: 'science' });
    expect((await session.run(whereAmI)).stdout).toMatch(/^True science\n$/);
    expect((await session.executeCommand('echo "$CONDA_PREFIX"')).stdout).toMatch(/\/envs\/science\n$/);
  });

  it('preserves exit codes of code and commands (upstream reported 0)', async () => {
    await using session = await open();
    expect((await session.run('import sys\nsys.exit(3)')).exitCode).toBe(3);
    const traceback = await session.run('raise ValueError("boom")');
    expect(traceback.exitCode).toBe(1);
    expect(traceback.stderr).toContain('ValueError: boom');
    expect((await session.executeCommand('exit 42')).exitCode).toBe(42);
    expect(await session.executeCommand(['sh', '-c', 'printf out; printf err >&2; exit 7'])).toMatchObject({
      exitCode: 7,
      stdout: 'out',
      stderr: 'err',
    });
  });

  it('kills a timed-out run inside the environment and stays usable', async () => {
    await using session = await open();
    await expect(session.run('import time\nprint("started", flush=True)\ntime.sleep(600)', { timeoutMs: 2_000 })).rejects.toBeInstanceOf(
      SandboxTimeoutError,
    );
    expect((await session.run('print("after")')).stdout).toBe('after\n');
  });

  it("installs libraries with pip inside the environment (network 'install')", async () => {
    await using session = await open({ environment: 'science' });
    await session.install(['tabulate==0.9.0']);
    const result = await session.run('import os, tabulate\nprint(tabulate.__file__.startswith(os.environ["CONDA_PREFIX"]))');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'True\n' });
  });

  it('tries micromamba install first and falls back to pip inside the environment when no channel is reachable', async () => {
    await using session = await open({}, {}, withMicromambaInstall(python()));
    await session.install(['tabulate==0.9.0']);
    expect((await session.run('import tabulate\nprint(tabulate.__version__)')).stdout).toBe('0.9.0\n');
    if (usingDouble) {
      const log = await session.executeCommand(`cat ${DOUBLE_LOG}`, { user: 'root' });
      expect(log.stdout).toMatch(/micromamba install --yes --prefix \/opt\/conda -c conda-forge -- tabulate==0\.9\.0/);
    }
  });

  it('fails at open with ContainerError when the environment does not exist', async () => {
    const error = await open({ environment: 'llmsb-no-such-env' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect((error as Error).message).toMatch(/environment "llmsb-no-such-env"/);
  });

  it('fails at open with ContainerError naming micromamba when the image has none', async () => {
    const error = await open({ image: recipeImageTag(pythonRecipe) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect((error as Error).message).toMatch(/no `micromamba` on PATH/);
  });
});
