import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMountSource, SecurityError } from '@llmsb/core';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'llmsb-mounts-'));
  await symlink('/var/run', join(scratch, 'run-link'));
  await symlink('/proc', join(scratch, 'proc-link'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const onHost = { resolveOnThisHost: true, engineSocket: '/srv/engine/api.sock', dataRoots: ['/srv/engine-data'] };

describe('bind-mount sources', () => {
  it.each([
    '/',
    '//',
    '/var/run/docker.sock',
    '/var/run//docker.sock',
    '/var/run/./docker.sock',
    '/var/run/../run/docker.sock',
    '/var/run',
    '/var/run/',
    '/run',
    '/var',
    '/run/podman/podman.sock',
    '/run/containerd',
    '/proc',
    '/proc/1/root',
    '/sys/fs/cgroup',
    '/dev',
    '/dev/sda',
    '/var/lib/docker',
    '/var/lib/docker/volumes/x/_data',
    '/var/lib/containers/storage',
    '/var/lib',
    '/srv/engine',
    '/srv/engine/api.sock',
    '/srv/engine-data/overlay2',
  ])('refuses %s', (source) => expect(() => checkMountSource(source, onHost)).toThrow(SecurityError));

  it('resolves symlinks on the engine host: a link to /var/run or /proc is refused', () => {
    expect(() => checkMountSource(join(scratch, 'run-link'), onHost)).toThrow(/engine's socket/);
    expect(() => checkMountSource(join(scratch, 'proc-link', 'self'), onHost)).toThrow(/\/proc/);
  });

  it.each(['/home/user/project', '/tmp/data', '/srv/data', '/opt/models', '/var/tmp/x', '/srv/engine-database'])('accepts %s', (source) =>
    expect(() => checkMountSource(source, onHost)).not.toThrow(),
  );

  it('refuses a relative source, and names the rule in the message', () => {
    expect(() => checkMountSource('data', onHost)).toThrow(/not an absolute host path/);
    expect(() => checkMountSource('/var/run', onHost)).toThrow(/engine's socket/);
    expect(() => checkMountSource('/', onHost)).toThrow(/root file system/);
  });

  it('only normalises a Kubernetes hostPath (the node is another machine)', () => {
    expect(() => checkMountSource('/var/lib/kubelet/pods', { resolveOnThisHost: false })).toThrow(SecurityError);
    expect(() => checkMountSource(join(scratch, 'run-link'), { resolveOnThisHost: false })).not.toThrow();
  });
});
