import { describe, expect, it } from 'vitest';
import { createSession, INSTALLER_HOME, KILL_SCRIPT, PluginRegistry, ROOT_STEP_PATH, type ExecRequest } from '@llmsb/core';
import { fakeBackend, fakeLanguage } from '@llmsb/core/testing';

/** Opens a fake session whose language installs as `installUser`, recording each exec's user. */
async function openRecording(installUser?: string, sandboxInstaller?: string) {
  const backend = fakeBackend(sandboxInstaller ? { installUser: sandboxInstaller } : {});
  const language = { ...fakeLanguage(), ...(installUser ? { installUser } : {}) };
  const session = await createSession({ backend: 'fake', lang: 'fake' }, new PluginRegistry().use(backend, language));
  const container = backend.opened[0]!;
  const users: (string | undefined)[] = [];
  const requests: ExecRequest[] = [];
  const exec = container.exec.bind(container);
  container.exec = (request: ExecRequest) => {
    users.push(request.user);
    requests.push(request);
    return exec(request);
  };
  return { session, users, requests };
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

  it("is the sandbox's installer identity when it has one: from the installer's home, with a PATH and HOME the code cannot steer, its leftovers killed after", async () => {
    const { session, users, requests } = await openRecording(undefined, 'llmsb-installer');
    await session.install(['alpha']);
    await session.run('echo hi');
    expect(users).toEqual(['llmsb-installer', 'llmsb-installer', undefined]);
    expect(requests[0]).toMatchObject({ workdir: INSTALLER_HOME, env: { PATH: ROOT_STEP_PATH, HOME: INSTALLER_HOME } });
    expect(requests[1]?.argv).toEqual(['/bin/sh', '-c', KILL_SCRIPT, 'llmsb', 'installer', 'all']);
    await session.close();
  });

  it('stays root (a root step, from /) for a language that names root, even where the sandbox has an installer', async () => {
    const { session, users, requests } = await openRecording('root', 'llmsb-installer');
    await session.install(['alpha']);
    expect(users).toEqual(['root']);
    expect(requests[0]).toMatchObject({ workdir: '/', clearEnv: true, env: { PATH: ROOT_STEP_PATH, HOME: '/root' } });
    await session.close();
  });
});
