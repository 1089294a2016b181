// Python on a real Podman (rootful, its Docker-compatible service): the behaviours the Docker
// backend promises, plus the places where Podman differs, each asserted.
import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createSession, ImageNotFoundError, PluginRegistry, SandboxTimeoutError } from '@llmsb/core';
import { podmanBackend } from '@llmsb/backend-podman';
import { python, pythonRecipe } from '@llmsb/lang-python';
import { podmanRegistry, pythonOnPodman, PROCESS_LISTING, requirePodman } from './helpers.js';

let podman: Docker;
beforeAll(async () => {
  podman = await requirePodman();
});

const open = (options = {}) => createSession({ ...pythonOnPodman, ...options }, podmanRegistry());
const probe =
  "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('online')\nexcept OSError:\n    print('offline')";

describe('Python on Podman', () => {
  it('runs hello world as __main__ from a file in the workdir, under catatonit as init on the engine-exec path', async () => {
    await using session = await open({ supervisor: false });
    expect(session.execPath).toBe('engine-exec');
    const result = await session.run('import os\nprint("hello", __name__, os.getcwd())');
    expect(result).toEqual({ exitCode: 0, stdout: 'hello __main__ /sandbox\n', stderr: '', success: true });
    const init = await session.executeCommand("tr '\\000' ' ' < /proc/1/cmdline");
    expect(init.stdout).toBe('/run/podman-init -- sleep infinity ');
  });

  it('forks warm runs from the fork server (warmStart): __main__, tracebacks, the sandbox user without capabilities, fresh randomness', async () => {
    await using session = await open({ warmStart: true });
    const warm = 'import sys\nprint(int(sys.flags.safe_path))';
    for (const start = Date.now(); (await session.run(warm)).stdout !== '1\n';) {
      if (Date.now() - start > 60_000) throw new Error('runs did not become warm within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const code = [
      'import os, numpy as np',
      'cap = [l for l in open("/proc/self/status") if l.startswith("CapEff")][0].split()[1]',
      'print(__name__, os.getuid(), os.getgroups(), cap, np.random.rand())',
      'raise ValueError("boom")',
    ].join('\n');
    const first = await session.run(code);
    const second = await session.run(code);
    expect(first.stdout).toMatch(/^__main__ 1000 \[\] 0000000000000000 [\d.]+\n$/);
    expect(first.stderr).toMatch(/line 4, in <module>\n.*\nValueError: boom\n$/s);
    expect(first.stdout).not.toBe(second.stdout);
  });

  it('kills a timed-out run including a process that called setsid, and stays usable', async () => {
    await using session = await open();
    const code =
      "import subprocess, time\nsubprocess.Popen(['sleep', '1234'], start_new_session=True)\nprint('started', flush=True)\ntime.sleep(600)";
    const failure = await session.run(code, { timeoutMs: 2_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxTimeoutError);
    expect((failure as SandboxTimeoutError).stdout).toBe('started\n');
    const listing = await session.executeCommand(PROCESS_LISTING, { user: 'root' });
    expect(listing.stdout.split('\n').filter((line) => / (?!Z)\S sleep 1234|python3 .*llmsb_/.test(line))).toEqual([]);
    expect((await session.run('print("after")')).stdout).toBe('after\n');
  });

  it('stops a fork bomb at the timeout within the pids limit, and stays usable', async () => {
    await using session = await open({ runtimeConfig: { pidsLimit: 64 } });
    const bomb = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';
    await expect(session.run(bomb, { timeoutMs: 3_000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    expect((await session.run('print("recovered")')).stdout).toBe('recovered\n');
  });

  it("keeps code offline and goes online only while libraries install ('install' network on Podman's `podman` network)", async () => {
    await using session = await open();
    expect((await session.run(probe)).stdout).toBe('offline\n');
    await session.install(['tabulate==0.9.0']);
    expect((await session.run(`import tabulate\n${probe}`)).stdout).toBe('offline\n');
    const info = await podman.getContainer(session.containerId ?? '').inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([]);
  });

  it("is online with network 'bridge' (Podman's default network, named `podman`)", async () => {
    await using session = await open({ runtimeConfig: { network: 'bridge' } });
    const info = await podman.getContainer(session.containerId ?? '').inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual(['podman']);
  });

  it('applies typed limits (rootful Podman on cgroups v1 enforces them) and drops capabilities', async () => {
    await using session = await open({ runtimeConfig: { memoryMB: 256, cpuCount: 0.5, pidsLimit: 64, network: 'none', diskMB: 64 } });
    const info = await podman.getContainer(session.containerId ?? '').inspect();
    // The memory limit carries the tmpfs bound (diskMB) too.
    expect(info.HostConfig).toMatchObject({ Memory: (256 + 64) * 1024 * 1024, NanoCpus: 500_000_000, PidsLimit: 64 });
    // No init: the supervisor is the main process and reaps orphans itself.
    expect(info.Path).toBe('/.llmsb/supervisor');
    expect(info.HostConfig.Init).not.toBe(true);
    // Difference: Podman reports the dropped capabilities one by one, not as ['ALL']; KILL stays for the supervisor.
    expect(info.HostConfig.CapDrop).toEqual(expect.arrayContaining(['NET_RAW', 'SYS_CHROOT']));
    expect(info.HostConfig.CapDrop).not.toContain('KILL');
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
    const caps = await session.executeCommand('grep CapEff /proc/self/status');
    expect(caps.stdout).toMatch(/CapEff:\s+0{16}/);
    expect((await session.run(probe)).stdout).toBe('offline\n');
  });

  it("explains a missing language image with how to copy it from Docker into Podman's store", async () => {
    const registry = new PluginRegistry().use(podmanBackend(), {
      ...python(),
      name: 'python-missing',
      imageRecipe: { ...pythonRecipe, repository: 'llmsb/missing-recipe' },
    });
    const error = await createSession({ backend: 'podman', lang: 'python-missing' }, registry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toMatch(/own image store.*docker save llmsb\/missing-recipe:\w+ \| podman load/);
  });
});
