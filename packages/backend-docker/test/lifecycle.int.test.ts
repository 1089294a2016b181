import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import {
  ContainerError,
  createSession,
  ImageNotFoundError,
  LABELS,
  NotOpenSessionError,
  PluginRegistry,
  ResourceError,
  SecurityError,
} from '@llmsb/core';
import { dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { python, pythonRecipe } from '@llmsb/lang-python';
import { dockerRegistry, PROCESS_LISTING, pythonOnDocker, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

const defaultImage = recipeImageTag(pythonRecipe);
const open = (options = {}) => createSession({ ...pythonOnDocker, ...options }, dockerRegistry());

describe('Docker session lifecycle', () => {
  it('labels the container with its owner and removes it at close, keeping the default image', async () => {
    const session = await open();
    const info = await docker.getContainer(session.containerId ?? '').inspect();
    expect(info.Config.Labels).toMatchObject({
      [LABELS.managed]: 'true',
      [LABELS.language]: 'python',
      [LABELS.ownerPid]: String(process.pid),
      [LABELS.session]: session.id,
    });
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
    await session.close();
    await session.close();
    await expect(docker.getContainer(info.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await imageExists(docker, defaultImage)).toBeDefined();
  });

  it('removes the container when the session timeout passes; later calls throw NotOpenSessionError', async () => {
    const session = await open({ sessionTimeoutMs: 1_500 });
    const id = session.containerId ?? '';
    expect((await session.run('print("in time")')).stdout).toBe('in time\n');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await expect(session.run('print("late")')).rejects.toBeInstanceOf(NotOpenSessionError);
    await expect(docker.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('limits memory, CPU and disk by default', async () => {
    await using session = await open();
    const info = await docker.getContainer(session.containerId ?? '').inspect();
    // The memory limit carries the 1024 MiB tmpfs bound too, so a full place is ENOSPC, not an OOM kill.
    const memory = (1024 + 1024) * 1024 * 1024;
    expect(info.HostConfig).toMatchObject({ Memory: memory, MemorySwap: memory, NanoCpus: 1_000_000_000, PidsLimit: 512 });
    expect(info.HostConfig.Tmpfs).toMatchObject({
      '/sandbox': expect.stringContaining('size=1024m,nr_inodes=65536'),
      '/tmp': expect.stringContaining('size=1024m'),
    });
  });

  it('fails closed on an OCI runtime the engine lacks, and refuses to mount the engine socket', async () => {
    await expect(open({ runtimeConfig: { runtime: 'llmsb-no-such-runtime' } })).rejects.toBeInstanceOf(ResourceError);
    await expect(open({ runtimeConfig: { mounts: [{ source: '/var/run/docker.sock', target: '/var/run/docker.sock' }] } })).rejects.toBeInstanceOf(
      SecurityError,
    );
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`${LABELS.ownerPid}=${process.pid}`] } });
    expect(leftovers).toEqual([]);
  });

  it.each([
    ['/var/run//docker.sock', {}],
    ['/var/run/./docker.sock', {}],
    ['/var/run', {}],
    ['/', {}],
    ['/proc', {}],
    ['/var/lib/docker', {}],
    ['/var/run (through extra HostConfig.Binds)', { extra: { HostConfig: { Binds: ['/var/run:/host-run:ro'] } } }],
    ['/run (through extra HostConfig.Mounts)', { extra: { HostConfig: { Mounts: [{ Type: 'bind', Source: '/run', Target: '/host-run' }] } } }],
  ])('refuses a bind mount of %s with a SecurityError naming the rule, and leaves no container', async (source, runtime) => {
    const runtimeConfig = 'extra' in runtime ? runtime : { mounts: [{ source, target: '/host' }] };
    const error = await open({ runtimeConfig }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecurityError);
    expect((error as Error).message).toMatch(/socket|root file system|expose/);
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`${LABELS.ownerPid}=${process.pid}`] } });
    expect(leftovers).toEqual([]);
  });

  it('still mounts an ordinary host folder read-only', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'llmsb-mount-'));
    try {
      await writeFile(join(folder, 'data.txt'), 'from the host', { mode: 0o644 });
      await chmod(folder, 0o755);
      await using session = await open({ runtimeConfig: { mounts: [{ source: folder, target: '/data' }] } });
      expect((await session.executeCommand('cat /data/data.txt')).stdout).toBe('from the host');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('applies typed runtime limits', async () => {
    await using session = await open({ runtimeConfig: { memoryMB: 256, cpuCount: 0.5, pidsLimit: 64, network: 'none', diskMB: null } });
    const info = await docker.getContainer(session.containerId ?? '').inspect();
    expect(info.HostConfig).toMatchObject({ Memory: 256 * 1024 * 1024, NanoCpus: 500_000_000, PidsLimit: 64, NetworkMode: 'none' });
    const offline = await session.run(
      "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('online')\nexcept OSError:\n    print('offline')",
    );
    expect(offline.stdout).toBe('offline\n');
  });

  it("keeps code offline by default and goes online only while libraries install ('install' network)", async () => {
    await using session = await open();
    const probe =
      "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('online')\nexcept OSError:\n    print('offline')";
    expect((await session.run(probe)).stdout).toBe('offline\n');
    await session.run("import subprocess\nsubprocess.Popen(['sleep', '4321'], start_new_session=True)");
    await session.install(['tabulate==0.9.0']);
    const listing = await session.executeCommand(PROCESS_LISTING, { user: 'root' });
    expect(listing.stdout).not.toMatch(/ (?!Z)\S sleep 4321/);
    expect((await session.run(`import tabulate\n${probe}`)).stdout).toBe('offline\n');
    const info = await docker.getContainer(session.containerId ?? '').inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([]);
  });

  it('does not follow a workdir symlink planted in an attached container when it hands the workdir over', async () => {
    const container = await docker.createContainer({ Image: defaultImage, Cmd: ['sleep', 'infinity'], Labels: { 'llmsb.test': 'attach' } });
    await container.start();
    try {
      // What code in an earlier session could have left: the workdir replaced by a link to /etc.
      const plant = await container.exec({ Cmd: ['sh', '-c', 'rm -rf /planted && ln -s /etc /planted'], User: '0', AttachStdout: true });
      await new Promise((resolve) => plant.start({}, (_error, stream) => (stream ? stream.on('end', resolve).resume() : resolve(undefined))));
      const session = await open({ containerId: container.id, workdir: '/planted', runtimeConfig: { user: 'sandbox' } });
      const owner = await session.executeCommand(['stat', '-c', '%U', '/etc/'], { user: 'root' });
      expect(owner.stdout).toBe('root\n');
      await session.close();
    } finally {
      await container.remove({ force: true });
    }
  });

  it('runs root steps with a fixed environment in /, whatever the session configured', async () => {
    await using session = await open({ runtimeConfig: { env: { PATH: '/sandbox/bin:/usr/bin:/bin', PYTHONSTARTUP: '/sandbox/evil.py' } } });
    const root = await session.executeCommand('echo "$PATH|$HOME|$PYTHONSTARTUP"; pwd', { user: 'root' });
    expect(root.stdout).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|/root|\n/\n');
    const asUser = await session.executeCommand('echo "$PATH|$PYTHONSTARTUP"; pwd');
    expect(asUser.stdout).toBe('/sandbox/bin:/usr/bin:/bin|/sandbox/evil.py\n/sandbox\n');
  });

  it('reports an unknown container id as ContainerError', async () => {
    await expect(open({ containerId: 'llmsb-no-such-container' })).rejects.toBeInstanceOf(ContainerError);
  });

  it('explains how to build a missing default image, and fails on a missing named image', async () => {
    const registry = new PluginRegistry().use(dockerBackend(), {
      ...python(),
      name: 'python-missing',
      imageRecipe: { ...pythonRecipe, repository: 'llmsb/missing-recipe' },
    });
    const error = await createSession({ lang: 'python-missing' }, registry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toContain('llmsb images build python-missing');
    await expect(open({ image: 'llmsb-test/does-not-exist:1' })).rejects.toBeInstanceOf(ImageNotFoundError);
  });

  it('names the socket and `llmsb doctor` when the engine is unreachable', async () => {
    const registry = new PluginRegistry().use(dockerBackend({ socketPath: '/tmp/llmsb-no-engine.sock' }), python());
    const error = await createSession({}, registry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect((error as Error).message).toMatch(/\/tmp\/llmsb-no-engine\.sock.*llmsb doctor/);
  });
});
