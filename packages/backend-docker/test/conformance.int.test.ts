import { beforeAll } from 'vitest';
import { describeBackend } from '@llmsb/core/testing';
import { openDockerContainer } from '@llmsb/backend-docker';
import { openContext, requireDocker } from './helpers.js';

beforeAll(requireDocker);

describeBackend('docker', () => openDockerContainer(openContext()), { timeoutMs: 60_000 });
describeBackend('docker with a read-only root', () => openDockerContainer(openContext({ runtimeConfig: { readOnly: true } })), { timeoutMs: 60_000 });
