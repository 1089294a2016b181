// gVisor on Podman: Podman's compatible API ignores a container's runtime, so runsc sandboxes come
// from a second service whose default runtime is runsc (scripts/ensure-podman.sh starts it).
import { beforeAll, describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import { createSession, PluginRegistry, ResourceError, type Session, type SessionOptions } from '@llmsb/core';
import { describeBackend, openSupervised } from '@llmsb/core/testing';
import { openPodmanContainer, podmanBackend } from '@llmsb/backend-podman';
import { describeDiskBound } from '@llmsb/backend-docker/testing';
import { python } from '@llmsb/lang-python';
import { openContext, podmanRegistry, pythonOnPodman, requirePodman } from './helpers.js';

const RUNSC_SOCKET = '/run/podman/podman-runsc.sock';
const gvisor = { runtime: 'runsc' } as const;
let runscService: Docker;
beforeAll(async () => {
  await requirePodman();
  runscService = new Docker({ socketPath: RUNSC_SOCKET });
  const info = (await runscService.info().catch((error: unknown) => {
    throw new Error(`No Podman service with runsc answers at ${RUNSC_SOCKET}: run scripts/setup.sh (${String(error)}).`);
  })) as { DefaultRuntime?: string };
  if (info.DefaultRuntime !== 'runsc') throw new Error(`The service at ${RUNSC_SOCKET} runs ${info.DefaultRuntime}, not runsc.`);
});

const registry = () => new PluginRegistry().use(podmanBackend({ socketPath: RUNSC_SOCKET }), python());
const open = (options: SessionOptions = {}): Promise<Session> =>
  createSession({ ...pythonOnPodman, ...options, runtimeConfig: { ...gvisor, ...options.runtimeConfig } }, registry());

describe('gVisor on Podman', { timeout: 120_000 }, () => {
  it('refuses runsc on a service whose default runtime is not runsc, instead of silently running on it', async () => {
    const error = await createSession({ ...pythonOnPodman, runtimeConfig: gvisor }, podmanRegistry()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceError);
    expect(String(error)).toMatch(/ignores a container's runtime.*podman --runtime runsc system service/s);
  });

  it("runs code on gVisor's kernel as the sandbox user, and installs under 'install': online for the install only", async () => {
    await using session = await open();
    const probe =
      "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('online')\nexcept OSError:\n    print('offline')";
    const result = await session.run(`import os, platform\nprint(platform.release(), os.getuid())\n${probe}`);
    expect(result).toMatchObject({ exitCode: 0, stdout: '4.4.0 1000\noffline\n' });
    await session.install(['tabulate==0.9.0']);
    expect((await session.run('import tabulate\nprint(tabulate.__version__)')).stdout).toBe('0.9.0\n');
    expect((await session.run(probe)).stdout).toBe('offline\n');
  });
});

describeBackend(
  'podman (gVisor, supervisor)',
  () => openSupervised(() => openPodmanContainer(openContext({ supervisor: true, runtimeConfig: { ...gvisor } }), { socketPath: RUNSC_SOCKET })),
  {
    timeoutMs: 60_000,
  },
);
describeDiskBound('podman (gVisor)', {
  open,
  dataRoot: async () => String((await runscService.info()).DockerRootDir),
  inodeLimit: false,
  layoutCheck: false,
});
