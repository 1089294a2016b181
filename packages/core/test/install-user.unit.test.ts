import { describe, expect, it } from 'vitest';
import { createSession, PluginRegistry, type ExecRequest } from '@llmsb/core';
import { fakeBackend, fakeLanguage } from '@llmsb/core/testing';

/** Opens a fake session whose language installs as `installUser`, recording each exec's user. */
async function openRecording(installUser?: string) {
  const backend = fakeBackend();
  const language = { ...fakeLanguage(), ...(installUser ? { installUser } : {}) };
  const session = await createSession({ backend: 'fake', lang: 'fake' }, new PluginRegistry().use(backend, language));
  const container = backend.opened[0]!;
  const users: (string | undefined)[] = [];
  const exec = container.exec.bind(container);
  container.exec = (request: ExecRequest) => {
    users.push(request.user);
    return exec(request);
  };
  return { session, users };
}

describe('the user a language installs libraries as', () => {
  it('is the one the language names (root for a system package manager), while code keeps the default user', async () => {
    const { session, users } = await openRecording('root');
    await session.install(['alpha']);
    await session.run('echo hi');
    expect(users).toEqual(['root', undefined]);
    await session.close();
  });

  it('is the default unprivileged user when the language names none', async () => {
    const { session, users } = await openRecording();
    await session.install(['alpha']);
    expect(users).toEqual([undefined]);
    await session.close();
  });
});
