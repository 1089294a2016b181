import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPool, ImageNotFoundError, POOL_LABEL } from '@llmsb/core';
import { describePool } from '@llmsb/core/testing';
import type Docker from 'dockerode';
import { dockerRegistry, IS_WARM, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

const poolSandboxes = async (poolId: string) =>
  (await docker.listContainers({ all: true, filters: { label: [`${POOL_LABEL}=${poolId}`] } })).map((c) => ({ id: c.Id, labels: c.Labels }));

/** Processes of the fork server (the server and its spare) in a sandbox, counted as root by an engine exec. */
async function serverProcesses(id: string): Promise<number> {
  const script = `for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f" | grep -q '^/usr/bin/python3 -s -P -c' && echo; done | wc -l`;
  const exec = await docker.getContainer(id).exec({ Cmd: ['sh', '-c', script], User: '0', AttachStdout: true, Tty: true });
  let out = '';
  for await (const chunk of await exec.start({ Tty: true })) out += String(chunk);
  return Number(out.trim());
}

describePool('Docker', {
  createPool: (options) => createPool({ backend: 'docker', lang: 'python', ...options }, dockerRegistry()),
  listSandboxes: poolSandboxes,
  killSandbox: async (id) => {
    await docker.getContainer(id).kill();
  },
});

describe('pooled sandboxes on Docker', { timeout: 90_000 }, () => {
  it('start the fork server while they are prepared (warmStart): an acquired session runs warm from its first run, and after its libraries', async () => {
    await using pool = await createPool({ backend: 'docker', lang: 'python', min: 1, warmStart: true }, dockerRegistry());
    const [sandbox] = await poolSandboxes(pool.id);
    // Once its imports are done the server keeps a spare: two root processes with its command line.
    for (const start = Date.now(); (await serverProcesses(sandbox?.id ?? '')) < 2;) {
      if (Date.now() - start > 60_000) throw new Error('the pooled sandbox has no ready fork server after 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await using session = await pool.acquire();
    expect((await session.run(IS_WARM)).stdout).toBe('1\n');
    expect((await session.run('import numpy\nprint(numpy.arange(4).sum())')).stdout).toBe('6\n');

    // Libraries installed at acquire restart the server the pool started: one that shadows a
    // preloaded module (matplotlib imports pyparsing) then wins, as in a cold run.
    await using installed = await pool.acquire({ libraries: ['pyparsing==3.1.1'] });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the restarted server checks and exits
    const result = await installed.run('import sys, pyparsing, matplotlib.pyplot\nprint(pyparsing.__version__, int(sys.flags.safe_path))');
    expect(result).toMatchObject({ exitCode: 0, stdout: '3.1.1 0\n' });
  });

  it('fail createPool when their image cannot start', async () => {
    const pool = createPool({ backend: 'docker', lang: 'python', min: 2, image: 'llmsb-test/does-not-exist:1' }, dockerRegistry());
    await expect(pool).rejects.toBeInstanceOf(ImageNotFoundError);
  });

  it('are removed by the dead-owner switch when the process that owns the pool is SIGKILLed', async () => {
    // The CLI package depends on every plugin, as an app would.
    const app = fileURLToPath(new URL('../../cli/', import.meta.url));
    const owner = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createPool } from '@llmsb/core';
         const pool = await createPool({ backend: 'docker', lang: 'python', min: 2, ownerGraceMs: 2000 });
         console.log(pool.id);
         setInterval(() => undefined, 60_000);`,
      ],
      { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const poolId = await new Promise<string>((resolve, reject) => {
      owner.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    expect(await poolSandboxes(poolId)).toHaveLength(2);
    owner.kill('SIGKILL');
    const killedAt = Date.now();
    while ((await poolSandboxes(poolId)).length > 0) {
      if (Date.now() - killedAt > 60_000) throw new Error(`pool ${poolId} still has sandboxes 60 s after its owner died`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
});
