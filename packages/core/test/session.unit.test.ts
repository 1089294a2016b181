import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CommandEmptyError,
  createSession,
  LibraryInstallationNotSupportedError,
  NotOpenSessionError,
  PackageManagerError,
  SandboxTimeoutError,
  SecurityError,
  Session,
  ValidationError,
} from '@llmsb/core';
import { fakeOptions, fakeRegistry } from './helpers.js';

const open = (options = {}) => createSession({ ...fakeOptions, ...options }, fakeRegistry());

describe('a session on the fake backend (test double)', () => {
  it('resolves to an open session whose run returns stdout, stderr and the exit code', async () => {
    await using session = await open();
    expect(session.isOpen).toBe(true);
    const result = await session.run('echo hello; printf oops >&2; exit 4');
    expect(result).toEqual({ exitCode: 4, stdout: 'hello\n', stderr: 'oops', success: false });
  });

  it('removes the code file after each run', async () => {
    await using session = await open();
    await session.run('echo one');
    const listing = await session.executeCommand(['cat', '/sandbox/missing']);
    expect(listing.exitCode).toBe(1);
    const container = (session as unknown as { container: { files: Map<string, Uint8Array> } }).container;
    expect([...container.files.keys()].filter((name) => name.includes('llmsb_'))).toEqual([]);
  });

  it('streams output to callbacks and still returns all of it when a callback throws', async () => {
    await using session = await open();
    const seen: string[] = [];
    const result = await session.run('echo a; echo b', {
      onStdout: (text) => {
        seen.push(text);
        throw new Error('callback bug');
      },
    });
    expect(seen.join('')).toBe('a\nb\n');
    expect(result.stdout).toBe('a\nb\n');
  });

  it('times out with the partial output and stays usable', async () => {
    await using session = await open();
    const failure = await session.run('echo before; sleep 10', { timeoutMs: 200 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxTimeoutError);
    expect((failure as SandboxTimeoutError).stdout).toBe('before\n');
    expect((failure as SandboxTimeoutError).timeoutMs).toBe(200);
    expect((await session.run('echo after')).stdout).toBe('after\n');
  });

  it('takes the per-call timeout over executionTimeoutMs over defaultTimeoutMs, and null disables', async () => {
    await using session = await open({ defaultTimeoutMs: 5_000, executionTimeoutMs: 100 });
    await expect(session.run('sleep 1')).rejects.toMatchObject({ timeoutMs: 100 });
    await expect(session.run('sleep 1', { timeoutMs: 150 })).rejects.toMatchObject({ timeoutMs: 150 });
    expect((await session.run('sleep 0.3; echo done', { timeoutMs: null })).stdout).toBe('done\n');
  });

  it('serialises concurrent runs so each gets its own output', async () => {
    await using session = await open();
    const results = await Promise.all([1, 2, 3].map((n) => session.run(`sleep 0.0${n}; echo run${n}`)));
    expect(results.map((r) => r.stdout)).toEqual(['run1\n', 'run2\n', 'run3\n']);
  });

  it('runs a string command through sh and an argv without a shell', async () => {
    await using session = await open();
    expect((await session.executeCommand('echo one && echo "two  three"')).stdout).toBe('one\ntwo  three\n');
    expect((await session.executeCommand(['echo', '$HOME && x'])).stdout).toBe('$HOME && x\n');
  });

  it('rejects an empty command with CommandEmptyError', async () => {
    await using session = await open();
    await expect(session.executeCommand('  ')).rejects.toBeInstanceOf(CommandEmptyError);
    await expect(session.executeCommand([])).rejects.toBeInstanceOf(CommandEmptyError);
  });

  it('stops executeCommands at the first failure', async () => {
    await using session = await open();
    const result = await session.executeCommands(['echo 1', ['sh', '-c', 'exit 7'], 'echo never']);
    expect(result.exitCode).toBe(7);
    expect((await session.executeCommands([])).exitCode).toBe(0);
  });

  it('installs valid library names and refuses invalid ones before running anything', async () => {
    await using session = await open();
    await session.install(['alpha', 'beta']);
    expect((await session.executeCommand(['cat', '/installed'])).stdout).toBe('alpha beta\n');
    const container = (session as unknown as { container: { networkSwitches: boolean[] } }).container;
    expect(container.networkSwitches).toEqual([true, false]);
    await expect(session.install(['ok', 'evil; rm -rf /'])).rejects.toBeInstanceOf(ValidationError);
  });

  it('throws PackageManagerError when an install fails, and LibraryInstallationNotSupportedError without an installer', async () => {
    const registry = fakeRegistry();
    const failing = await createSession(
      { ...fakeOptions, lang: { ...(await registry.language('fake')), name: 'failing', installCommand: () => 'exit 3' } },
      registry,
    );
    await expect(failing.install(['x'])).rejects.toBeInstanceOf(PackageManagerError);
    await failing.close();
    const { installCommand: _drop, ...withoutInstaller } = await registry.language('fake');
    const plain = await createSession({ ...fakeOptions, lang: { ...withoutInstaller, name: 'plain' } }, registry);
    await expect(plain.install(['x'])).rejects.toBeInstanceOf(LibraryInstallationNotSupportedError);
    await plain.close();
  });

  it('copies files both ways and refuses paths with ..', async () => {
    await using session = await open();
    const dir = await mkdtemp(join(tmpdir(), 'llmsb-test-'));
    await writeFile(join(dir, 'in.txt'), 'payload');
    await session.copyToRuntime(join(dir, 'in.txt'), '/sandbox/data/in.txt');
    expect((await session.executeCommand(['cat', '/sandbox/data/in.txt'])).stdout).toBe('payload');
    await session.copyFromRuntime('/sandbox/data/in.txt', join(dir, 'out.txt'));
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('payload');
    const { stat } = await session.getArchive('data/in.txt');
    expect(stat).toMatchObject({ name: 'in.txt', size: 7, type: 'file' });
    await expect(session.copyToRuntime(join(dir, 'in.txt'), '/sandbox/../etc/x')).rejects.toBeInstanceOf(SecurityError);
    await mkdir(join(dir, 'unused'));
  });

  it('throws NotOpenSessionError before open and after close; close is idempotent', async () => {
    const session = new Session(fakeOptions, fakeRegistry());
    await expect(session.run('echo x')).rejects.toBeInstanceOf(NotOpenSessionError);
    await session.open();
    await session.close();
    await session.close();
    await expect(session.run('echo x')).rejects.toBeInstanceOf(NotOpenSessionError);
    await expect(session.executeCommand('echo x')).rejects.toBeInstanceOf(NotOpenSessionError);
  });

  it('closes itself when the session timeout passes', async () => {
    const session = await open({ sessionTimeoutMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(session.run('echo x')).rejects.toThrow(/timed out after its 100 ms lifetime/);
    await expect(session.run('echo x')).rejects.toBeInstanceOf(NotOpenSessionError);
  });

  it('settles a run the session timeout cut short only after the sandbox is gone, as a SandboxTimeoutError', async () => {
    const session = await open({ sessionTimeoutMs: 100 });
    const container = (session as unknown as { container: { closed: boolean } }).container;
    const error = await session.run('echo partial; sleep 0.3', { timeoutMs: null }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, stdout: 'partial\n', message: expect.stringMatching(/100 ms lifetime/) });
    expect(container.closed).toBe(true);
  });

  it('validates options and names the field and the allowed values', () => {
    expect(() => new Session({ ...fakeOptions, encodingErrors: 'loose' as 'strict' })).toThrow(/encodingErrors.*"replace"\|"strict"/);
    expect(() => new Session({ ...fakeOptions, image: 'a', dockerfile: 'b' })).toThrow(ValidationError);
    expect(() => new Session({ ...fakeOptions, runtimeConfig: { memoryMB: -1 } })).toThrow(/runtimeConfig\.memoryMB/);
  });
});

describe('a multi-step language on the fake backend (test double)', () => {
  const compiled = async () => {
    const registry = fakeRegistry();
    const base = await registry.language('fake');
    return createSession(
      {
        ...fakeOptions,
        lang: {
          ...base,
          name: 'fake-compiled',
          runStepNames: ['compile', 'run'],
          runCommands: (file: string) => [`fake-interpret ${file} compile`, `echo running`],
        },
      },
      registry,
    );
  };

  it('runs each step and stops at the first failing one, naming it', async () => {
    await using session = await compiled();
    const ok = await session.run('echo compiled');
    expect(ok).toEqual({ exitCode: 0, stdout: 'compiled\nrunning\n', stderr: '', success: true });
    const failed = await session.run('printf "error: bad\\n" >&2; exit 1');
    expect(failed).toMatchObject({ exitCode: 1, stderr: 'error: bad\n', stdout: '', failedStep: 'compile' });
    const container = (session as unknown as { container: { files: Map<string, Uint8Array> } }).container;
    expect([...container.files.keys()].filter((name) => name.includes('llmsb_'))).toEqual([]);
  });
});
