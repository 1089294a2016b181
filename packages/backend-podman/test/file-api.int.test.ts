import { beforeAll } from 'vitest';
import { createSession } from '@llmsb/core';
import { describeFileApi } from '@llmsb/core/testing';
import { podmanRegistry, pythonOnPodman, requirePodman } from './helpers.js';

beforeAll(requirePodman);

describeFileApi('Podman', () => createSession({ ...pythonOnPodman, maxArchiveBytes: 1024 * 1024, maxArchiveEntries: 50 }, podmanRegistry()));
