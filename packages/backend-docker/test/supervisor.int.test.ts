import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { ResourceError, SandboxFileNotFoundError, SecurityError, SupervisedContainer, ValidationError, type ContainerAPI } from '@llmsb/core';
import { describeBackend, openSupervised } from '@llmsb/core/testing';
import { openDockerContainer } from '@llmsb/backend-docker';
import { describeSupervisor } from '@llmsb/backend-docker/testing';
import { dockerRegistry, openContext, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

describeBackend('docker (supervisor)', () => openSupervised(() => openDockerContainer(openContext({ supervisor: true }))), { timeoutMs: 60_000 });
describeBackend(
  'docker (supervisor) with a read-only root',
  () => openSupervised(() => openDockerContainer(openContext({ supervisor: true, runtimeConfig: { readOnly: true } }))),
  { timeoutMs: 60_000 },
);
describeSupervisor({
  name: 'Docker',
  backend: 'docker',
  registry: dockerRegistry,
  engine: () => docker,
  pluginsDirectory: fileURLToPath(new URL('../../cli/', import.meta.url)),
});

describe('file operations through the supervisor on Docker', () => {
  let container: SupervisedContainer;
  beforeAll(async () => {
    container = (await openSupervised(() => openDockerContainer(openContext({ supervisor: true })))) as SupervisedContainer;
  }, 60_000);
  afterAll(async () => {
    await container?.close();
  });

  it('writes a file as the sandbox user and reads it back byte for byte', async () => {
    const bytes = randomBytes(1_500_000);
    await exec(container, ['mkdir', '-p', '/sandbox/files']);
    await container.writeFile('files/blob.bin', bytes, { mode: 0o600 });
    expect(Buffer.compare(await container.readFile('/sandbox/files/blob.bin'), bytes)).toBe(0);
    const info = await container.stat('files/blob.bin');
    expect(info).toMatchObject({ name: 'blob.bin', type: 'file', size: bytes.byteLength, mode: 0o600 });
    const owner = await exec(container, ['stat', '-c', '%u', '/sandbox/files/blob.bin']);
    expect(owner).toBe('1000\n');
  });

  it('lists a directory sorted by name with types, and stats a symlink without following it', async () => {
    await exec(container, ['sh', '-c', 'mkdir -p /sandbox/list/sub && : > /sandbox/list/b && ln -sf /etc/shadow /sandbox/list/a']);
    const entries = await container.listFiles('list');
    expect(entries.map((entry) => [entry.name, entry.type])).toEqual([
      ['a', 'symlink'],
      ['b', 'file'],
      ['sub', 'directory'],
    ]);
    expect(await container.stat('list/a')).toMatchObject({ type: 'symlink', linkTarget: '/etc/shadow' });
  });

  it("applies the user's permissions: no reading root's secrets, no writing through a planted symlink", async () => {
    await expect(container.readFile('/etc/shadow')).rejects.toBeInstanceOf(SecurityError);
    await expect(container.writeFile('/etc/llmsb-owned', Buffer.from('x'))).rejects.toBeInstanceOf(SecurityError);
    await exec(container, ['sh', '-c', 'ln -sf /sandbox/target /sandbox/link && echo original > /sandbox/target']);
    await expect(container.writeFile('link', Buffer.from('replaced'))).rejects.toBeInstanceOf(SecurityError);
    expect(await exec(container, ['cat', '/sandbox/target'])).toBe('original\n');
    expect((await container.readFile('/etc/shadow', { user: 'root' })).byteLength).toBeGreaterThan(0);
  });

  it('gives typed errors for a missing path, a directory read as a file, and limits', async () => {
    await expect(container.readFile('no-such-file')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
    await expect(container.readFile('/sandbox')).rejects.toBeInstanceOf(ValidationError);
    await exec(container, ['sh', '-c', 'head -c 5000 /dev/zero > /sandbox/five-k']);
    await expect(container.readFile('five-k', { maxBytes: 1000 })).rejects.toBeInstanceOf(ResourceError);
    await expect(container.writeFile('too-big', new Uint8Array(5000), { maxBytes: 1000 })).rejects.toBeInstanceOf(ResourceError);
    expect(await exec(container, ['sh', '-c', 'ls /sandbox/too-big 2>/dev/null || echo gone'])).toBe('gone\n');
  });
});

async function exec(container: ContainerAPI, argv: string[]): Promise<string> {
  const chunks: Buffer[] = [];
  const { exitCode } = await container.exec({ argv, onStdout: (chunk) => chunks.push(Buffer.from(chunk)) });
  if (exitCode !== 0) throw new Error(`${argv.join(' ')} exited ${exitCode}`);
  return Buffer.concat(chunks).toString();
}
