import { describe, expect, it, beforeAll } from 'vitest';
import type Docker from 'dockerode';
import {
  CommandEmptyError,
  ContainerError,
  Session,
  createSession,
  NotOpenSessionError,
  OutputDecodingError,
  SandboxFileNotFoundError,
  SandboxTimeoutError,
} from '@llmsb/core';
import { dockerRegistry, pythonOnDocker, PROCESS_LISTING, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

const open = (options = {}) => createSession({ ...pythonOnDocker, ...options }, dockerRegistry());

describe('a Docker session', () => {
  it('kills a timed-out run including a process that called setsid, and stays usable', async () => {
    await using session = await open();
    const code = [
      'import subprocess, time',
      "subprocess.Popen(['sleep', '1234'], start_new_session=True)",
      "print('started', flush=True)",
      'time.sleep(600)',
    ].join('\n');
    const failure = await session.run(code, { timeoutMs: 2_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxTimeoutError);
    expect((failure as SandboxTimeoutError).stdout).toBe('started\n');
    const listing = await session.executeCommand(PROCESS_LISTING, { user: 'root' });
    const alive = listing.stdout.split('\n').filter((line) => / (?!Z)\S sleep 1234|python3 .*llmsb_/.test(line));
    expect(alive).toEqual([]);
    const files = await session.executeCommand('ls -A /sandbox');
    expect(files.stdout).toBe('');
    expect((await session.run('print("after")')).stdout).toBe('after\n');
  });

  it('leaves no code file behind, whether the run request carried it or (when large) file operations wrote it; a swapped-in symlink takes nothing with it', async () => {
    await using session = await open();
    const swap = 'import os, sys\nos.remove(sys.argv[0])\nos.symlink("/etc/hostname", sys.argv[0])\nprint("swapped")';
    expect(await session.run(swap)).toMatchObject({ exitCode: 0, stdout: 'swapped\n' });
    const large = `# ${'x'.repeat(700_000)}\nimport sys\nprint(len(open(sys.argv[0]).read()))`;
    expect((await session.run(large)).stdout).toBe(`${large.length}\n`);
    const left = await session.executeCommand('ls -A /sandbox; test -s /etc/hostname && echo kept');
    expect(left.stdout).toBe('kept\n');
  });

  it('kills a CPU-bound infinite loop at the timeout and runs the next code', async () => {
    await using session = await open();
    await expect(session.run('while True:\n    pass', { timeoutMs: 1_500 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    const listing = await session.executeCommand(PROCESS_LISTING, { user: 'root' });
    expect(listing.stdout).not.toMatch(/python3 \/sandbox\/llmsb_/);
    expect((await session.run('print(2 + 2)')).stdout).toBe('4\n');
  });

  it('kills the run when its AbortSignal fires and rejects with the reason', async () => {
    await using session = await open();
    const reason = new Error('user cancelled');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 500);
    await expect(session.run('import time\ntime.sleep(30)', { signal: controller.signal })).rejects.toBe(reason);
    expect((await session.run('print("next")')).stdout).toBe('next\n');
  });

  it('keeps the exit code and full output while streaming, chunk by chunk', async () => {
    await using session = await open();
    const chunks: { text: string; at: number }[] = [];
    const started = Date.now();
    const result = await session.run('import time, sys\nprint("one", flush=True)\ntime.sleep(0.7)\nprint("two")\nsys.exit(9)', {
      onStdout: (text) => chunks.push({ text, at: Date.now() - started }),
    });
    expect(result).toMatchObject({ exitCode: 9, stdout: 'one\ntwo\n' });
    expect(chunks.map((c) => c.text).join('')).toBe('one\ntwo\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const two = chunks.find((chunk) => chunk.text.includes('two'));
    expect((two?.at ?? 0) - (chunks[0]?.at ?? 0)).toBeGreaterThan(400);
  });

  it('bounds 50 MB of output and marks the result truncated', async () => {
    await using session = await open({ maxOutputBytes: 1_000_000 });
    const result = await session.run("import sys\nfor i in range(50):\n    sys.stdout.write(('%02d' % i) * 500_000)\nprint('END')");
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBeLessThan(1_100_000);
    expect(result.stdout.startsWith('000000')).toBe(true);
    expect(result.stdout.endsWith('4949END\n')).toBe(true);
  });

  it('replaces invalid UTF-8 with U+FFFD, or fails with OutputDecodingError in strict mode', async () => {
    const code = "import sys\nsys.stdout.buffer.write(b'ok\\xff\\n')";
    await using loose = await open();
    expect((await loose.run(code)).stdout).toBe('ok\uFFFD\n');
    await using strict = await open({ encodingErrors: 'strict' });
    await expect(strict.run(code)).rejects.toBeInstanceOf(OutputDecodingError);
    expect((await strict.run('print("still fine")')).stdout).toBe('still fine\n');
  });

  it('fails cleanly on source with NUL bytes and runs 1 MB of source', async () => {
    await using session = await open();
    // Python 3.11 stops reading a source file at a NUL byte; later versions refuse the file.
    const nul = await session.run('print(1)\0print(2)');
    if (nul.exitCode === 0) expect(nul.stdout).toBe('1\n');
    else expect(nul.stderr).toMatch(/null/);
    const big = `x = 0\n${'x += 1\n'.repeat(150_000)}print(x)\n`;
    expect(big.length).toBeGreaterThan(1_000_000);
    expect((await session.run(big)).stdout).toBe('150000\n');
  });

  it('serialises two concurrent runs on one session, both correct', async () => {
    await using session = await open();
    const [a, b] = await Promise.all([session.run('import time\ntime.sleep(0.3)\nprint("a")'), session.run('print("b")')]);
    expect([a.stdout, b.stdout]).toEqual(['a\n', 'b\n']);
  });

  it('reports a container removed from outside mid-run as ContainerError, without hanging', async () => {
    const session = await open();
    const outcome = session.run('import time\ntime.sleep(60)', { timeoutMs: 90_000 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const started = Date.now();
    await docker.getContainer(session.containerId ?? '').remove({ force: true });
    expect(await outcome).toBeInstanceOf(ContainerError);
    expect(Date.now() - started).toBeLessThan(30_000);
    await session.close();
  });

  it('runs a string through /bin/sh and an argv without a shell', async () => {
    await using session = await open();
    expect((await session.executeCommand('echo "$HOME" | tr a-z A-Z')).stdout).toBe('/HOME/SANDBOX\n');
    expect((await session.executeCommand(['echo', '$HOME', '|', 'x'])).stdout).toBe('$HOME | x\n');
  });

  it('copies empty files and directories both ways; a missing path is SandboxFileNotFoundError', async () => {
    const { mkdtemp, mkdir, writeFile, readFile, readdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    await using session = await open();
    const host = await mkdtemp(join(tmpdir(), 'llmsb-copy-'));
    await mkdir(join(host, 'tree/sub'), { recursive: true });
    await writeFile(join(host, 'tree/empty'), '');
    await writeFile(join(host, 'tree/sub/data.txt'), 'données');
    await session.copyToRuntime(join(host, 'tree'), 'copied');
    expect((await session.executeCommand('cat copied/sub/data.txt; wc -c < copied/empty')).stdout).toBe('données0\n');
    await session.copyFromRuntime('/sandbox/copied', join(host, 'back'));
    expect((await readdir(join(host, 'back/copied'))).sort()).toEqual(['empty', 'sub']);
    expect(await readFile(join(host, 'back/copied/sub/data.txt'), 'utf8')).toBe('données');
    await session.copyFromRuntime('/sandbox/copied/empty', join(host, 'empty-copy'));
    expect(await readFile(join(host, 'empty-copy'), 'utf8')).toBe('');
    await expect(session.copyFromRuntime('/sandbox/nope', join(host, 'x'))).rejects.toBeInstanceOf(SandboxFileNotFoundError);
  });

  it('rejects an empty command with CommandEmptyError and leaves the session usable', async () => {
    await using session = await open();
    await expect(session.executeCommand('')).rejects.toBeInstanceOf(CommandEmptyError);
    await expect(session.executeCommand([])).rejects.toBeInstanceOf(CommandEmptyError);
    expect((await session.executeCommand('echo ok')).stdout).toBe('ok\n');
  });

  it('names what is available for an unknown language or backend', async () => {
    await expect(open({ lang: 'brainfuck' })).rejects.toThrow(/Language "brainfuck" is not supported\. Available: .*python/);
    await expect(open({ backend: 'vagrant' })).rejects.toThrow(/Backend "vagrant" is not supported\. Available: .*docker/);
  });

  it('throws NotOpenSessionError before open', async () => {
    const session = new Session(pythonOnDocker, dockerRegistry());
    await expect(session.run('print(1)')).rejects.toBeInstanceOf(NotOpenSessionError);
  });

  it('throws NotOpenSessionError after close', async () => {
    const session = await open();
    await session.close();
    await expect(session.run('print(1)')).rejects.toBeInstanceOf(NotOpenSessionError);
  });
});
