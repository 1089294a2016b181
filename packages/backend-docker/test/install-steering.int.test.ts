import { beforeAll } from 'vitest';
import { bridgeGateway, describeInstallSteering } from '@llmsb/backend-docker/testing';
import { dockerRegistry, requireDocker } from './helpers.js';

beforeAll(requireDocker);

describeInstallSteering({ name: 'Docker', backend: 'docker', registry: dockerRegistry, hostAddress: () => bridgeGateway() });
