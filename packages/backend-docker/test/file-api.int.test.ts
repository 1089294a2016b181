import { beforeAll } from 'vitest';
import { createSession } from '@llmsb/core';
import { describeFileApi } from '@llmsb/core/testing';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

beforeAll(requireDocker);

const limits = { maxArchiveBytes: 1024 * 1024, maxArchiveEntries: 50 };
describeFileApi('Docker (supervisor)', () => createSession({ ...pythonOnDocker, ...limits }, dockerRegistry()));
describeFileApi('Docker (engine exec)', () => createSession({ ...pythonOnDocker, ...limits, supervisor: false }, dockerRegistry()));
