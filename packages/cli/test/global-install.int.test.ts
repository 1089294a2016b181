// `npm install --global @llmsb/cli`, as a user would, then `llmsb mcp` from that install. The
// packages are not on a public registry yet, so a registry of our own serves the `@llmsb` scope
// (the packed tarballs, as `pnpm publish` would upload them); every other dependency comes from
// npm's configured registry, as for any user.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callMcpTool, packAll } from './published-packages.js';

const run = promisify(execFile);
const SETUP_TIMEOUT_MS = 600_000;

let work: string;
let registry: Server;
let prefix: string;

beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), 'llmsb-global-')));
  const tarballs = await packAll(join(work, 'tarballs'));
  registry = await serveScope(tarballs);
  const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
  prefix = join(work, 'global');
  // From a folder outside the workspace, so no workspace config applies.
  await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', `--@llmsb:registry=${url}`, '@llmsb/cli'], { cwd: work });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a global install of the CLI (npm install --global @llmsb/cli)', () => {
  it('puts llmsb on the PATH of the prefix, and `llmsb mcp` serves execute_code over stdio', { timeout: 120_000 }, async () => {
    const llmsb = join(prefix, 'bin', 'llmsb');
    const { stdout } = await run(llmsb, ['--version'], { cwd: work });
    expect(stdout).toMatch(/\d+\.\d+\.\d+/);
    const result = await callMcpTool(llmsb, ['mcp'], work, 'execute_code', { language: 'python', code: 'print(6 * 7)' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ exitCode: 0, stdout: '42\n' });
  });
});

/**
 * A registry of the `@llmsb` scope: a packument per package (its package.json with a `dist` of
 * the tarball's URL and integrity) and the tarballs themselves.
 */
async function serveScope(tarballs: readonly string[]): Promise<Server> {
  const packuments = new Map<string, object>();
  const files = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    // npm asks for `/@llmsb%2fcore` (the packument), then `/@llmsb/core/-/<file>.tgz`.
    const path = decodeURIComponent(request.url ?? '/').slice(1);
    const [name = '', file] = path.split('/-/');
    const body = file === undefined ? packuments.get(name) : files.get(file);
    if (body === undefined) return response.writeHead(404).end('{}');
    response.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const file of tarballs) {
    const tarball = await readFile(file);
    const manifest = JSON.parse((await run('tar', ['-xzOf', file, 'package/package.json'])).stdout) as { name: string; version: string };
    const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    files.set(basename(file), tarball);
    packuments.set(manifest.name, {
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: { [manifest.version]: { ...manifest, dist: { tarball: `${base}/${manifest.name}/-/${basename(file)}`, integrity } } },
    });
  }
  return server;
}
