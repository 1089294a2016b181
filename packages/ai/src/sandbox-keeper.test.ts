import type { ArtifactSession } from '@llmsb/artifacts';
import { ContainerError, NotOpenSessionError } from '@llmsb/core';
import { describe, expect, it } from 'vitest';
import { SandboxKeeper } from './sandbox-keeper.js';

/** Stands in for a sandbox: the keeper only checks `isOpen` and calls `close()`. */
function stubSession(): ArtifactSession & { closed: boolean } {
  const stub = {
    closed: false,
    get isOpen() {
      return !stub.closed;
    },
    close: async () => void (stub.closed = true),
  };
  return stub as unknown as ArtifactSession & { closed: boolean };
}

describe('SandboxKeeper', () => {
  it('opens one sandbox for concurrent first calls and keeps it', async () => {
    const opened: ReturnType<typeof stubSession>[] = [];
    const keeper = new SandboxKeeper(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      opened.push(stubSession());
      return opened.at(-1) as ArtifactSession;
    });
    const [a, b] = await Promise.all([keeper.acquire(), keeper.acquire()]);
    expect(opened).toHaveLength(1);
    expect(a.session).toBe(b.session);
    expect(a.sessionReset).toBe(false);
    expect((await keeper.acquire()).session).toBe(a.session);
    await keeper.close();
    expect(opened[0]?.closed).toBe(true);
    await expect(keeper.acquire()).rejects.toThrow(NotOpenSessionError);
  });

  it('re-opens after the sandbox was lost and reports it once', async () => {
    const keeper = new SandboxKeeper(async () => stubSession());
    const first = await keeper.acquire();
    await keeper.noteFailure(new Error('a program bug is not a lost sandbox'));
    expect((await keeper.acquire()).session).toBe(first.session);
    await keeper.noteFailure(new ContainerError('engine gone'));
    const second = await keeper.acquire();
    expect(second.session).not.toBe(first.session);
    expect(second.sessionReset).toBe(true);
    expect((await keeper.acquire()).sessionReset).toBe(false);
    await keeper.close();
  });
});
