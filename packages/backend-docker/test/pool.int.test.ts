import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPool, ImageNotFoundError, POOL_LABEL } from '@llmsb/core';
import { describePool } from '@llmsb/core/testing';
import type Docker from 'dockerode';
import { dockerRegistry, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

const poolSandboxes = async (poolId: string) =>
  (await docker.listContainers({ all: true, filters: { label: [`${POOL_LABEL}=${poolId}`] } })).map((c) => ({ id: c.Id, labels: c.Labels }));

describePool('Docker', {
  createPool: (options) => createPool({ backend: 'docker', lang: 'python', ...options }, dockerRegistry()),
  listSandboxes: poolSandboxes,
  killSandbox: async (id) => {
    await docker.getContainer(id).kill();
  },
});

describe('pooled sandboxes on Docker', { timeout: 90_000 }, () => {
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
