import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContainerError } from '@llmsb/core';
import { connectPodman, socketStrategies } from '@llmsb/backend-podman';

const located = (env: NodeJS.ProcessEnv, socketPath?: string) => socketStrategies({ env, socketPath }).map((s) => [s.name, s.locate()] as const);

describe('Podman socket discovery', () => {
  it('names every strategy in order and says why each one was skipped', () => {
    const strategies = located({ DOCKER_HOST: 'tcp://10.0.0.1:2375' });
    expect(strategies.map(([name]) => name)).toEqual(['socketPath option', 'CONTAINER_HOST', 'DOCKER_HOST', 'rootful socket', 'rootless socket']);
    expect(strategies[0]?.[1]).toEqual({ skipped: 'not given' });
    expect(strategies[1]?.[1]).toEqual({ skipped: 'CONTAINER_HOST is not set' });
    expect(strategies[2]?.[1]).toMatchObject({ skipped: expect.stringContaining('not a unix:// socket') });
  });

  it('finds CONTAINER_HOST and the rootless socket under XDG_RUNTIME_DIR when they exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmsb-podman-'));
    writeFileSync(join(dir, 'c.sock'), '');
    const rootless = join(dir, 'podman');
    mkdirSync(rootless);
    writeFileSync(join(rootless, 'podman.sock'), '');
    const strategies = located({ CONTAINER_HOST: `unix://${join(dir, 'c.sock')}`, XDG_RUNTIME_DIR: dir });
    expect(strategies[1]?.[1]).toEqual({ socketPath: join(dir, 'c.sock') });
    expect(strategies[4]?.[1]).toEqual({ socketPath: join(rootless, 'podman.sock') });
  });

  it('uses only an explicit socket, and fails naming it and the reason when it is missing', async () => {
    const logged: string[] = [];
    const logger = { debug: (m: string) => logged.push(m), info: () => undefined, warn: () => undefined, error: () => undefined };
    const error = await connectPodman({ socketPath: '/tmp/llmsb-no-podman.sock', env: {}, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect((error as Error).message).toMatch(/socketPath option: \/tmp\/llmsb-no-podman\.sock does not exist.*podman system service/);
    expect(logged[0]).toBe('podman: strategy "socketPath option" skipped: /tmp/llmsb-no-podman.sock does not exist');
  });
});
