// Every public entry point answers bad input with a typed SandboxError (never a bare TypeError or
// Error), before anything runs where it can, on the real engine. Plugin options: each plugin's unit tests.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, SandboxError, ValidationError, type Session } from '@llmsb/core';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

beforeAll(requireDocker);

/** Runs `attempt` and returns what it threw (or undefined). */
async function thrown(attempt: () => unknown): Promise<unknown> {
  try {
    await attempt();
    return undefined;
  } catch (error) {
    return error;
  }
}

const expectTyped = (error: unknown): void => {
  expect(error).toBeInstanceOf(SandboxError);
  expect((error as Error).constructor).not.toBe(Error);
};

describe('bad input gets a typed error', { timeout: 60_000 }, () => {
  it.each<[string, Record<string, unknown>]>([
    ['an unknown language', { lang: 'cobol' }],
    ['an unknown backend', { backend: 'no-such-backend' }],
    ['a workdir with ..', { workdir: '/sandbox/../etc' }],
    ['a workdir under /etc', { workdir: '/etc/x' }],
    ['the root as workdir', { workdir: '/' }],
    ['an image name with shell characters', { image: 'python; rm -rf /' }],
    ['a negative timeout', { defaultTimeoutMs: -1 }],
    ['an unknown runtime option', { runtimeConfig: { memoryMb: 5 } }],
    ['a non-numeric archive limit', { maxArchiveBytes: 'lots' }],
    ['a relative mount source', { runtimeConfig: { mounts: [{ source: 'data', target: '/data' }] } }],
  ])('createSession with %s', async (_what, options) => {
    expectTyped(await thrown(() => createSession({ ...pythonOnDocker, ...options }, dockerRegistry())));
  });

  describe('on an open session', () => {
    let session: Session;
    let plain: Session;
    beforeAll(async () => {
      session = await createSession(pythonOnDocker, dockerRegistry());
      plain = await createSession({ ...pythonOnDocker, supervisor: false }, dockerRegistry());
    });

    it.each<[string, (s: Session) => unknown]>([
      ['an empty command', (s) => s.executeCommand('')],
      ['an empty argv', (s) => s.executeCommand([])],
      ['an unknown user', (s) => s.executeCommand('id', { user: 'llmsb-no-such-user' })],
      ['a missing workdir', (s) => s.executeCommand('pwd', { workdir: '/llmsb-no-such-dir' })],
      ['a file as workdir', (s) => s.executeCommand('pwd', { workdir: '/etc/passwd' })],
      ['a library name with a path', (s) => s.install(['./evil'])],
      ['a library name that is a URL', (s) => s.install(['https://evil.test/x.whl'])],
      ['copying from a missing host path', (s) => s.copyToRuntime('/llmsb-no-such-host-path', 'x')],
      ['copying out a missing sandbox path', (s) => s.copyFromRuntime('llmsb-no-such-file', '/tmp/llmsb-never')],
      ['a path escaping the workdir', (s) => s.readFile('../../etc/shadow')],
      ['a bad file mode', (s) => s.writeFile('x', 'y', { mode: 0o10000 })],
    ])('%s (supervisor and engine exec)', async (_what, attempt) => {
      for (const target of [session, plain]) expectTyped(await thrown(() => attempt(target)));
    });

    it('an unknown user or missing workdir is a ValidationError on both exec paths, and the session stays usable', async () => {
      for (const target of [session, plain]) {
        await expect(target.executeCommand('id', { user: 'llmsb-no-such-user' })).rejects.toBeInstanceOf(ValidationError);
        await expect(target.executeCommand('pwd', { workdir: '/llmsb-no-such-dir' })).rejects.toThrow(/llmsb-no-such-dir/);
        expect((await target.executeCommand('echo ok')).stdout).toBe('ok\n');
      }
    });

    it('a missing program stays data (a non-zero exit with a message), as in a shell', async () => {
      for (const target of [session, plain]) {
        const result = await target.executeCommand(['llmsb-no-such-program']);
        expect(result.exitCode === 126 || result.exitCode === 127).toBe(true);
        expect(`${result.stdout}${result.stderr}`).toMatch(/llmsb-no-such-program/);
      }
    });

    it('closes', async () => {
      await session.close();
      await plain.close();
    });
  });
});
