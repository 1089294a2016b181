import { beforeAll } from 'vitest';
import type Docker from 'dockerode';
import { createSession } from '@llmsb/core';
import { BOOTSTRAPPED_BASE_IMAGE } from '@llmsb/backend-docker';
import { describeDiskBound } from '@llmsb/backend-docker/testing';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

describeDiskBound('docker', {
  open: (options = {}) => createSession({ ...pythonOnDocker, ...options }, dockerRegistry()),
  dataRoot: async () => String((await docker.info()).DockerRootDir),
  inodeLimit: true,
  // The Debian base the images are built from here (no registry): not an llmsb image, runs as root.
  foreignImage: BOOTSTRAPPED_BASE_IMAGE,
});
