import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';
import type Docker from 'dockerode';
import { describeBackend, openSupervised } from '@llmsb/core/testing';
import { openDockerContainer } from '@llmsb/backend-docker';
import { describeSupervisor } from '@llmsb/backend-docker/testing';
import { dockerRegistry, openContext, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

describeBackend('docker (supervisor)', () => openSupervised(() => openDockerContainer(openContext({ supervisor: true }))), { timeoutMs: 60_000 });
describeBackend(
  'docker (supervisor) with a read-only root',
  () => openSupervised(() => openDockerContainer(openContext({ supervisor: true, runtimeConfig: { readOnly: true } }))),
  { timeoutMs: 60_000 },
);
describeSupervisor({
  name: 'Docker',
  backend: 'docker',
  registry: dockerRegistry,
  engine: () => docker,
  pluginsDirectory: fileURLToPath(new URL('../../cli/', import.meta.url)),
});
