// The gVisor tier: runtimeConfig.runtime 'runsc' on the real engine (scripts/ensure-gvisor.sh
// registers it). The backend conformance suite, the file API, Python sessions and the escape,
// fork-bomb and output attacks, all inside gVisor's user-space kernel.
import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createSession, SandboxTimeoutError, type Session, type SessionOptions } from '@llmsb/core';
import { describeBackend, describeFileApi, openSupervised } from '@llmsb/core/testing';
import { openDockerContainer } from '@llmsb/backend-docker';
import { describeDiskBound, PROCESS_LISTING, untilWarm } from '@llmsb/backend-docker/testing';
import { dockerRegistry, openContext, pythonOnDocker, requireDocker } from './helpers.js';

const gvisor = { runtime: 'runsc' } as const;
let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
  const runtimes = Object.keys(((await docker.info()) as { Runtimes?: Record<string, unknown> }).Runtimes ?? {});
  if (!runtimes.includes('runsc')) throw new Error('The engine has no runsc runtime: run `bash scripts/ensure-gvisor.sh` (scripts/setup.sh does).');
});

const open = (options: Partial<SessionOptions> = {}): Promise<Session> =>
  createSession({ ...pythonOnDocker, ...options, runtimeConfig: { ...gvisor, ...options.runtimeConfig } }, dockerRegistry());

describeBackend(
  'docker (gVisor, supervisor)',
  () => openSupervised(() => openDockerContainer(openContext({ supervisor: true, runtimeConfig: { ...gvisor } }))),
  {
    timeoutMs: 60_000,
  },
);
describeFileApi('Docker (gVisor)', () => open({ maxArchiveBytes: 1024 * 1024, maxArchiveEntries: 50 }), { timeoutMs: 60_000 });
// gVisor honours tmpfs sizes but ignores nr_inodes: file counts are left to the memory limit.
describeDiskBound('docker (gVisor)', {
  open: (options = {}) => open(options),
  dataRoot: async () => String((await docker.info()).DockerRootDir),
  inodeLimit: false,
  layoutCheck: false,
});

describe('Python under gVisor', { timeout: 120_000 }, () => {
  it("runs on gVisor's kernel, through the supervisor, as the unprivileged user", async () => {
    await using session = await open();
    expect(session.execPath).toBe('supervisor');
    const info = await docker.getContainer(session.containerId ?? '').inspect();
    expect(info.HostConfig.Runtime).toBe('runsc');
    const result = await session.run('import os, platform\nprint(platform.release(), os.getuid())');
    expect(result).toMatchObject({ exitCode: 0, stdout: '4.4.0 1000\n' });
  });

  it('forks warm runs (gVisor ignores CLONE_PARENT: the server forks twice); their leftovers and timeouts end with the run', async () => {
    await using session = await untilWarm(await open({ warmStart: true }));
    const first = await session.run(
      'import os, subprocess\nsubprocess.Popen(["sleep", "61"], start_new_session=True)\nprint(os.getuid(), os.getppid())',
    );
    expect(first).toMatchObject({ exitCode: 0, stdout: '1000 1\n' });
    await expect(session.run('import time\ntime.sleep(30)', { timeoutMs: 1000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    const listing = await session.run(
      'import os\nprint([p for p in os.listdir("/proc") if p.isdigit() and open(f"/proc/{p}/cmdline", "rb").read().startswith(b"sleep")])',
    );
    expect(listing.stdout).toBe('[]\n');
    await untilWarm(session); // the timeout took the run, not the server
  });

  it("installs under network 'install': offline before and after, online for the install only", async () => {
    await using session = await open();
    const probe =
      "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('online')\nexcept OSError:\n    print('offline')";
    expect((await session.run(probe)).stdout).toBe('offline\n');
    await session.install(['tabulate==0.9.0']);
    expect((await session.run('import tabulate\nprint(tabulate.__version__)')).stdout).toBe('0.9.0\n');
    expect((await session.run(probe)).stdout).toBe('offline\n');
  });

  it('kills a detached process with the run at its timeout and stays usable', async () => {
    await using session = await open();
    const code = "import subprocess, time\nsubprocess.Popen(['setsid', 'sleep', '307'])\nprint('started', flush=True)\ntime.sleep(60)";
    await expect(session.run(code, { timeoutMs: 2_000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    expect((await session.executeCommand(PROCESS_LISTING, { user: 'root' })).stdout).not.toMatch(/sleep 307/);
    expect((await session.run('print("after")')).stdout).toBe('after\n');
  });
});

describe('adversarial code under gVisor', { timeout: 120_000 }, () => {
  // gVisor's ptrace platform backs every task with host threads, which count against the pids
  // limit: a fork bomb ends the whole sandbox (the sentry cannot create threads) instead of only
  // the run. Contained all the same: the sandbox is gone, nothing outlives it, a new one works.
  it('a fork bomb ends the sandbox (ContainerError) or the run; nothing survives and a new session works', async () => {
    // gVisor's own threads count against the limit too: below about 100 the sandbox cannot start.
    const session = await open({ runtimeConfig: { pidsLimit: 128 } });
    const id = session.containerId ?? '';
    const bomb = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';
    const error = await session.run(bomb, { timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^(LLMSB_CONTAINER_ERROR|LLMSB_SANDBOX_TIMEOUT)$/) });
    await session.close();
    await expect
      .poll(
        () =>
          docker
            .getContainer(id)
            .inspect()
            .then(
              (info) => info.State.Status,
              () => 'gone',
            ),
        { timeout: 15_000 },
      )
      .toBe('gone');
    await using next = await open();
    expect((await next.run('print("recovered")')).stdout).toBe('recovered\n');
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

  it('cannot mount, load kernel modules, write sysrq, open raw sockets, ptrace init or reach the engine socket', async () => {
    await using session = await open();
    for (const user of ['sandbox', 'root']) {
      expect((await session.executeCommand('mount -t tmpfs none /mnt', { user })).exitCode, `mount as ${user}`).not.toBe(0);
      expect((await session.executeCommand('echo h > /proc/sysrq-trigger', { user })).exitCode, `sysrq as ${user}`).not.toBe(0);
      const probes = await session.executeCommand(
        [
          'python3',
          '-c',
          [
            'import ctypes, socket, os',
            'libc = ctypes.CDLL(None, use_errno=True)',
            "print('init_module', libc.init_module(None, 0, b''))",
            "print('ptrace', libc.ptrace(16, 1, None, None) if os.getuid() else -1)",
            'try:',
            '    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)',
            "    print('raw socket opened')",
            'except OSError:',
            "    print('raw socket denied')",
            "print('engine socket', os.path.exists('/var/run/docker.sock') or os.path.exists('/run/docker.sock'))",
          ].join('\n'),
        ],
        { user },
      );
      expect(probes.stdout, `probes as ${user}`).toBe('init_module -1\nptrace -1\nraw socket denied\nengine socket False\n');
    }
  });
});
