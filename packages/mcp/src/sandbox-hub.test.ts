import type { ArtifactSession } from '@llmsb/artifacts';
import { describe, expect, it } from 'vitest';
import { SandboxHub } from './sandbox-hub.js';
import { SessionNotFoundError, TooManySessionsError } from './errors.js';
import type { SessionSandbox } from './session-sandbox.js';

/** Stands in for a sandbox: the hub only opens, uses and closes it. */
type Stub = ArtifactSession & SessionSandbox & { closed: boolean };
function stubSession(): Stub {
  const stub = { closed: false, close: async () => void (stub.closed = true) };
  return stub as unknown as Stub;
}

describe('SandboxHub', () => {
  it('binds a session to the MCP session that opened it', async () => {
    const hub = new SandboxHub(4, 60_000);
    const id = await hub.open('alice', 'python', async () => stubSession());
    await expect(hub.use('bob', id, async () => 1)).rejects.toThrow(SessionNotFoundError);
    await expect(hub.use('alice', id, async () => 1)).resolves.toBe(1);
    expect(hub.list('bob')).toEqual([]);
    expect(hub.list('alice')).toEqual([{ sessionId: id, language: 'python', idleMs: expect.any(Number) }]);
    await hub.closeAll();
  });

  it('refuses past maxSessions, counting one-off runs while they run', async () => {
    const hub = new SandboxHub(2, 60_000);
    await hub.open('a', 'python', async () => stubSession());
    let release: () => void = () => undefined;
    const oneOff = hub.oneOff(
      'a',
      async () => stubSession(),
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await expect(hub.open('a', 'python', async () => stubSession())).rejects.toThrow(TooManySessionsError);
    release();
    await oneOff;
    await expect(hub.open('a', 'python', async () => stubSession())).resolves.toEqual(expect.any(String));
    await hub.closeAll();
  });

  it("closes an owner's sessions when its MCP session ends, and idle ones after the TTL", async () => {
    const hub = new SandboxHub(4, 50);
    const first = stubSession();
    const second = stubSession();
    await hub.open('a', 'python', async () => first);
    await hub.open('b', 'python', async () => second);
    await hub.closeOwner('a');
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(second.closed).toBe(true);
    expect(hub.size).toBe(0);
    await hub.closeAll();
  });

  it('removes the sandbox of a one-off run in progress when its MCP session ends', async () => {
    const hub = new SandboxHub(4, 60_000);
    const sandbox = stubSession();
    const running = hub.oneOff(
      'a',
      async () => sandbox,
      () => new Promise((resolve) => setTimeout(resolve, 50)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await hub.closeOwner('a');
    expect(sandbox.closed).toBe(true);
    await running;
    expect(hub.size).toBe(0);
  });
});

describe('SandboxHub when an MCP session ends mid-open', () => {
  it('removes the sandbox that finished opening too late', async () => {
    const hub = new SandboxHub(4, 60_000);
    const late = stubSession();
    let finish: () => void = () => undefined;
    const opening = hub.open('a', 'python', () => new Promise((resolve) => (finish = () => resolve(late))));
    await new Promise((resolve) => setImmediate(resolve));
    await hub.closeOwner('a');
    finish();
    await expect(opening).rejects.toThrow(/ended while its sandbox was opening/);
    expect(late.closed).toBe(true);
    expect(hub.size).toBe(0);
    await hub.closeAll();
  });
});
