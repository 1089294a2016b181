import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ContainerError, createSession } from '@llmsb/core';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

const run = promisify(execFile);
const ENSURE_DOCKER = fileURLToPath(new URL('../../../scripts/ensure-docker.sh', import.meta.url));

/**
 * Restarts the engine, so it runs alone after every other test (scripts/test.sh runs the
 * `destructive` project last). It needs an engine this machine may stop and start itself.
 */
describe('the engine restarting mid-session', () => {
  it('gives the open session a clear ContainerError, and new sessions work afterwards', async () => {
    await requireDocker();
    const session = await createSession(pythonOnDocker, dockerRegistry());
    expect((await session.run('print("before")')).stdout).toBe('before\n');

    await run('sh', ['-c', 'pkill -x dockerd; for i in $(seq 1 100); do pgrep -x dockerd >/dev/null || exit 0; sleep 0.2; done; exit 1']);
    await run('bash', [ENSURE_DOCKER]);

    const failure = await session.run('print("after")').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContainerError);
    expect((failure as Error).message).toMatch(/stopped|removed|Cannot reach/);
    await session.close();

    await using fresh = await createSession(pythonOnDocker, dockerRegistry());
    expect((await fresh.run('print("new session")')).stdout).toBe('new session\n');
  }, 180_000);
});
