import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';
import type Docker from 'dockerode';
import { describeBackend, openSupervised } from '@llmsb/core/testing';
import { openPodmanContainer } from '@llmsb/backend-podman';
import { describeSupervisor } from '@llmsb/backend-docker/testing';
import { openContext, podmanRegistry, requirePodman } from './helpers.js';

let podman: Docker;
beforeAll(async () => {
  podman = await requirePodman();
});

describeBackend('podman (supervisor)', () => openSupervised(() => openPodmanContainer(openContext({ supervisor: true }))), { timeoutMs: 60_000 });
describeSupervisor({
  name: 'Podman',
  backend: 'podman',
  registry: podmanRegistry,
  engine: () => podman,
  pluginsDirectory: fileURLToPath(new URL('../../cli/', import.meta.url)),
});
