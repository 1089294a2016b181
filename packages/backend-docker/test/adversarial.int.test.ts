import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createSession, LABELS, NotOpenSessionError, SandboxTimeoutError, SecurityError, type Session } from '@llmsb/core';
import { dockerRegistry, PROCESS_LISTING, pythonOnDocker, requireDocker } from './helpers.js';

/**
 * Code written by a model that is trying to misbehave. Every case asserts the outcome that
 * SECURITY.md promises; destructive cases (engine restart) live in destructive.int.test.ts.
 */
let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

const open = (options = {}): Promise<Session> => createSession({ ...pythonOnDocker, ...options }, dockerRegistry());

/** Processes of the code's user still alive (zombies excluded). */
async function userProcesses(session: Session): Promise<string[]> {
  const listing = await session.executeCommand(`${PROCESS_LISTING} | awk '$2 != "Z"'`, { user: 'root' });
  const uid1000 = await session.executeCommand('for d in /proc/[0-9]*; do [ "$(stat -c %u $d 2>/dev/null)" = 1000 ] && echo ${d#/proc/}; done', {
    user: 'root',
  });
  const pids = new Set(uid1000.stdout.split('\n').filter(Boolean));
  return listing.stdout.split('\n').filter((line) => pids.has(line.split(' ')[0] ?? ''));
}

describe('adversarial code', () => {
  it('a fork bomb hits the pids limit, is killed at the timeout, and the session works again', async () => {
    await using session = await open({ runtimeConfig: { pidsLimit: 64 } });
    const bomb = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';
    await expect(session.run(bomb, { timeoutMs: 3_000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    expect(await userProcesses(session)).toEqual([]);
    expect((await session.run('print("recovered")')).stdout).toBe('recovered\n');
    const info = await docker.getContainer(session.containerId ?? '').inspect();
    expect(info.HostConfig.PidsLimit).toBe(64);
  });

  it('a memory bomb is OOM-killed with exit 137 and a message naming the limit', async () => {
    await using session = await open({ runtimeConfig: { memoryMB: 256 } });
    const result = await session.run('chunks = []\nwhile True:\n    chunks.append(bytearray(32 * 1024 * 1024))', { timeoutMs: 60_000 });
    expect(result.exitCode).toBe(137);
    expect(result.stderr).toContain('memory limit of 256 MiB');
    expect((await session.run('print("alive")')).stdout).toBe('alive\n');
  });

  it('1 GB of output keeps host memory bounded and returns a truncated result', async () => {
    await using session = await open({ maxOutputBytes: 1_000_000 });
    const before = process.memoryUsage().rss;
    const result = await session.run("import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\nprint('END')", {
      timeoutMs: 120_000,
    });
    expect(result.truncated).toBe(true);
    expect(result.stdout.endsWith('xEND\n')).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  });

  it('filling the disk of a read-only sandbox stops at its tmpfs limit', async () => {
    await using session = await open({ runtimeConfig: { readOnly: true, tmpfsSizeMB: 32 } });
    const fill = await session.executeCommand('dd if=/dev/zero of=/sandbox/fill bs=1M count=100');
    expect(fill.exitCode).not.toBe(0);
    expect(fill.stderr).toMatch(/No space left/);
    const size = await session.executeCommand('du -m /sandbox/fill | cut -f1');
    expect(Number(size.stdout.trim())).toBeLessThanOrEqual(32);
    expect((await session.executeCommand('touch /usr/escape')).exitCode).not.toBe(0);
  });

  it('sleeping past the session timeout ends the run and the session', async () => {
    const session = await open({ sessionTimeoutMs: 2_000 });
    const id = session.containerId ?? '';
    await expect(session.run('import time\ntime.sleep(60)', { timeoutMs: null })).rejects.toBeInstanceOf(SandboxTimeoutError);
    await expect(session.run('print(1)')).rejects.toBeInstanceOf(NotOpenSessionError);
    await expect(docker.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('cannot mount, load kernel modules, write sysrq, open raw sockets, ptrace or see outside, or reach the engine socket', async () => {
    await using session = await open();
    for (const user of ['sandbox', 'root']) {
      const mount = await session.executeCommand('mount -t tmpfs none /mnt', { user });
      expect(mount.exitCode, `mount as ${user}`).not.toBe(0);
      const sysrq = await session.executeCommand('echo h > /proc/sysrq-trigger', { user });
      expect(sysrq.exitCode, `sysrq as ${user}`).not.toBe(0);
      const probes = await session.executeCommand(
        [
          'python3',
          '-c',
          [
            'import ctypes, socket, os',
            'libc = ctypes.CDLL(None, use_errno=True)',
            "print('init_module', libc.init_module(None, 0, b''), ctypes.get_errno())",
            // As the code's user, init (root) is out of reach; root reaches only the sandbox's own processes.
            "print('ptrace', libc.ptrace(16, 1, None, None) if os.getuid() else -1, ctypes.get_errno() if os.getuid() else 1)",
            "print('visible processes', sum(p.isdigit() for p in os.listdir('/proc')) < 20)",
            'try:',
            '    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)',
            "    print('raw socket opened')",
            'except PermissionError:',
            "    print('raw socket denied')",
            "print('engine socket', os.path.exists('/var/run/docker.sock') or os.path.exists('/run/docker.sock'))",
          ].join('\n'),
        ],
        { user },
      );
      expect(probes.stdout, `probes as ${user}`).toBe(
        'init_module -1 1\nptrace -1 1\nvisible processes True\nraw socket denied\nengine socket False\n',
      );
    }
  });

  it('copying out never writes links or escapes, even with a shadowed tar on the PATH', async () => {
    await using session = await open();
    await session.run(
      [
        'import os, tarfile, io',
        "os.makedirs('/sandbox/out/sub', exist_ok=True)",
        "open('/sandbox/out/sub/ok.txt', 'w').write('fine')",
        "os.symlink('/etc/passwd', '/sandbox/out/link')",
        "os.symlink('/', '/sandbox/out/root')",
        "os.link('/sandbox/out/sub/ok.txt', '/sandbox/out/hard')",
        "os.symlink('/etc/passwd', '/sandbox/lonely-link')",
        // A fake tar early on the code user's PATH that would emit a hostile archive.
        "fake = '/opt/llmsb/venv/bin/tar'",
        "open(fake, 'w').write('#!/bin/sh\\nprintf hostile\\n')",
        'os.chmod(fake, 0o755)',
      ].join('\n'),
    );
    const host = await mkdtemp(join(tmpdir(), 'llmsb-adversarial-'));
    await session.copyFromRuntime('/sandbox/out', join(host, 'dest'));
    // Whichever of ok.txt and its hard link tar meets second is a link entry and is skipped.
    const written = await readdir(join(host, 'dest/out'));
    expect(written).toContain('sub');
    expect(written.filter((name) => name === 'link' || name === 'root')).toEqual([]);
    // One of the two names holds the content, whichever tar met first.
    const copies = await Promise.all(
      ['dest/out/sub/ok.txt', 'dest/out/hard'].map((path) => readFile(join(host, path), 'utf8').catch(() => undefined)),
    );
    expect(copies.filter((content) => content !== undefined)).toEqual(['fine']);
    expect(await readdir(host)).toEqual(['dest']);
    await expect(session.copyFromRuntime('/sandbox/lonely-link', join(host, 'x'))).rejects.toBeInstanceOf(SecurityError);
  });

  it('handles file names with newlines and shell metacharacters in every path API', async () => {
    await using session = await open();
    const host = await mkdtemp(join(tmpdir(), 'llmsb-names-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(host, 'src.txt'), 'content');
    const nasty = '/sandbox/we ird\n$(touch pwned);`touch pwned2`\'"x.txt';
    await session.copyToRuntime(join(host, 'src.txt'), nasty);
    expect((await session.executeCommand(['cat', nasty])).stdout).toBe('content');
    const { stat } = await session.getArchive(nasty);
    expect(stat.size).toBe(7);
    await session.copyFromRuntime(nasty, join(host, 'back.txt'));
    expect(await readFile(join(host, 'back.txt'), 'utf8')).toBe('content');
    const listing = await session.executeCommand(['ls', '-A', '/sandbox', '/']);
    expect(listing.stdout.split('\n').filter((name) => name === 'pwned' || name === 'pwned2')).toEqual([]);
    await expect(session.copyToRuntime(join(host, 'src.txt'), '/sandbox/a/../../etc/x')).rejects.toBeInstanceOf(SecurityError);
  });

  it('50 sessions opened and closed concurrently leave zero containers', async () => {
    const sessions = await Promise.all(Array.from({ length: 50 }, () => open()));
    const results = await Promise.all(sessions.map((session, index) => session.executeCommand(['echo', String(index)])));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 50 }, (_, index) => `${index}\n`));
    await Promise.all(sessions.map((session) => session.close()));
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABELS.ownerPid}=${process.pid}`] } });
    expect(left).toEqual([]);
  }, 300_000);
});
