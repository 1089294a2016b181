import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { ContainerError, createSession } from '@llmsb/core';
import { openSupervised } from '@llmsb/core/testing';
import { openDockerContainer } from '@llmsb/backend-docker';
import { dockerRegistry, openContext, pythonOnDocker, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

// Vitest fails the run on an unhandled rejection, so these also prove none escapes the library
// (before the fix, a write waited for a 'drain' that never came, and its answer's rejection was unhandled).
describe('a sandbox that dies while a request is still sending data', () => {
  it('rejects a file write in flight with ContainerError, nothing unhandled', async () => {
    const session = await createSession(pythonOnDocker, dockerRegistry());
    // Caught at once: the rejection may come while the kill is still being awaited.
    const write = session.writeFile('big.bin', new Uint8Array(256 * 1024 * 1024)).catch((error: unknown) => error);
    await docker.getContainer(session.containerId ?? '').kill();
    expect(await write).toBeInstanceOf(ContainerError);
    await session.close();
  });

  it('rejects a command whose stdin is still being sent with ContainerError, nothing unhandled', async () => {
    // Sessions take no stdin for commands: the sandbox is served through its supervisor as a session would.
    const container = await openSupervised(() => openDockerContainer(openContext({ supervisor: true })));
    const command = container.exec({ argv: ['sleep', '30'], stdin: new Uint8Array(256 * 1024 * 1024) }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await docker.getContainer(container.id).kill();
    expect(await command).toBeInstanceOf(ContainerError);
    await container.close();
  });
});
