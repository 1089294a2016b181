// npm installs the code cannot steer: planted .npmrc files are not read, and an install script
// runs as the installer and leaves nothing running (real engine, real registry, a host-served one).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, PluginRegistry } from '@llmsb/core';
import { dockerBackend } from '@llmsb/backend-docker';
import { bridgeGateway, plantFiles, PROCESS_LISTING, serveDirectory, serveTrap, type Trap } from '@llmsb/backend-docker/testing';
import { javascript } from '@llmsb/lang-js';
import { open, requireNodeImage } from './helpers.js';

let trap: Trap;
beforeAll(async () => {
  await requireNodeImage();
  trap = await serveTrap(await bridgeGateway());
});
afterAll(() => trap?.close());

describe('npm installs the code cannot steer', () => {
  it('reads no .npmrc the code wrote (workdir, home, /tmp) and cannot write the install prefix', async () => {
    await using session = await open('javascript');
    const npmrc = `registry=${trap.url}npmrc/\n`;
    const planted = await plantFiles(session, {
      '/sandbox/.npmrc': npmrc,
      '/home/sandbox/.npmrc': npmrc,
      '/home/sandbox/.config/npm/npmrc': npmrc,
      '/tmp/.npmrc': npmrc,
      '/opt/llmsb/node/.npmrc': npmrc,
      '/opt/llmsb/node/node_modules/left-pad/index.js': 'module.exports = () => "planted";',
    });
    const failure = await session.install(['left-pad@1.3.0']).catch((error: unknown) => error);
    expect(trap.hits()).toEqual([]);
    expect(failure).toBeUndefined();
    expect((await session.run('console.log(require("left-pad")("x", 3, "-"))')).stdout).toBe('--x\n');
    expect(planted).toBe(
      '/sandbox/.npmrc ok\n/home/sandbox/.npmrc ok\n/home/sandbox/.config/npm/npmrc ok\n/tmp/.npmrc ok\n' +
        '/opt/llmsb/node/.npmrc denied\n/opt/llmsb/node/node_modules/left-pad/index.js denied\n',
    );
  });

  describe('with a registry served from the host holding a package whose install script starts a daemon', () => {
    let registry: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const root = await mkdtemp(join(tmpdir(), 'llmsb-npm-'));
      const served = await serveDirectory(root, await bridgeGateway());
      registry = served.url;
      close = async () => {
        await new Promise((resolve) => served.server.close(resolve));
        await rm(root, { recursive: true, force: true });
      };
      const postinstall = 'id -un > /tmp/llmsb-postinstall-user; setsid sleep 307 </dev/null >/dev/null 2>&1 &';
      await mkdir(join(root, 'src', 'package'), { recursive: true });
      await writeFile(
        join(root, 'src', 'package', 'package.json'),
        JSON.stringify({ name: 'llmsb-daemon', version: '1.0.0', scripts: { postinstall } }),
      );
      execFileSync('tar', ['-czf', join(root, 'llmsb-daemon-1.0.0.tgz'), '-C', join(root, 'src'), 'package']);
      const tarball = await readFile(join(root, 'llmsb-daemon-1.0.0.tgz'));
      const dist = {
        tarball: `${registry}llmsb-daemon-1.0.0.tgz`,
        shasum: createHash('sha1').update(tarball).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
      };
      const packument = {
        name: 'llmsb-daemon',
        'dist-tags': { latest: '1.0.0' },
        versions: { '1.0.0': { name: 'llmsb-daemon', version: '1.0.0', scripts: { postinstall }, dist } },
      };
      await writeFile(join(root, 'llmsb-daemon'), JSON.stringify(packument));
    });
    afterAll(() => close?.());

    it.each([
      ['through the supervisor', true],
      ['through engine exec', false],
    ])('the install script runs as the installer, never root, and its daemon does not outlive the install (%s)', async (_path, supervisor) => {
      await using session = await createSession(
        { lang: 'javascript', supervisor },
        new PluginRegistry().use(dockerBackend(), javascript({ registry })),
      );
      await session.install(['llmsb-daemon@1.0.0']);
      expect((await session.executeCommand('cat /tmp/llmsb-postinstall-user')).stdout).toBe('llmsb-installer\n');
      expect((await session.executeCommand(PROCESS_LISTING, { user: 'root' })).stdout).not.toMatch(/sleep 307/);
    });
  });
});
