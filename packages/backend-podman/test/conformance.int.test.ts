import { beforeAll } from 'vitest';
import { describeBackend } from '@llmsb/core/testing';
import { openPodmanContainer } from '@llmsb/backend-podman';
import { openContext, requirePodman } from './helpers.js';

beforeAll(requirePodman);

describeBackend('podman', () => openPodmanContainer(openContext()), { timeoutMs: 60_000 });
describeBackend('podman with a read-only root', () => openPodmanContainer(openContext({ runtimeConfig: { readOnly: true } })), { timeoutMs: 60_000 });
