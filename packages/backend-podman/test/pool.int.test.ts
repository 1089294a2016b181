import { beforeAll } from 'vitest';
import { createPool, POOL_LABEL } from '@llmsb/core';
import { describePool } from '@llmsb/core/testing';
import type Docker from 'dockerode';
import { podmanRegistry, requirePodman } from './helpers.js';

let podman: Docker;
beforeAll(async () => {
  podman = await requirePodman();
});

describePool('Podman', {
  createPool: (options) => createPool({ backend: 'podman', lang: 'python', ...options }, podmanRegistry()),
  listSandboxes: async (poolId) =>
    (await podman.listContainers({ all: true, filters: { label: [`${POOL_LABEL}=${poolId}`] } })).map((c) => ({ id: c.Id, labels: c.Labels })),
  killSandbox: async (id) => {
    await podman.getContainer(id).kill();
  },
});
