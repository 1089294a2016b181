import { beforeAll } from 'vitest';
import type Docker from 'dockerode';
import { createSession } from '@llmsb/core';
import { describeDiskBound } from '@llmsb/backend-docker/testing';
import { podmanRegistry, pythonOnPodman, requirePodman } from './helpers.js';

let podman: Docker;
beforeAll(async () => {
  podman = await requirePodman();
});

describeDiskBound('podman', {
  open: (options = {}) => createSession({ ...pythonOnPodman, ...options }, podmanRegistry()),
  dataRoot: async () => String((await podman.info()).DockerRootDir),
  inodeLimit: false,
});
