import { beforeAll } from 'vitest';
import { bridgeGateway, describeInstallSteering } from '@llmsb/backend-docker/testing';
import { podmanRegistry, requirePodman } from './helpers.js';

beforeAll(requirePodman);

// The host's address on Docker's bridge is a host address too; Podman's containers reach it while online.
describeInstallSteering({ name: 'Podman', backend: 'podman', registry: podmanRegistry, hostAddress: () => bridgeGateway() });
