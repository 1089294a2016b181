import { beforeAll } from 'vitest';
import type Docker from 'dockerode';
import { describeEngineSession } from '@llmsb/backend-docker/testing';
import { podmanRegistry, pythonImage, pythonOnPodman, requirePodman } from './helpers.js';

let podman: Docker;
beforeAll(async () => {
  podman = await requirePodman();
});

// Podman differs underneath and the suite holds all the same: it takes no uid= on a tmpfs (the
// workdir is chowned after start) and stores a committed image under a registry prefix.
describeEngineSession({ name: 'Podman', session: pythonOnPodman, registry: podmanRegistry, engine: () => podman, image: pythonImage });
