import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** The CLI package depends on every plugin, so string config resolves from its folder. */
const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('the built packages', () => {
  it('import with plain node (no TypeScript loader) and expose their entry points', async () => {
    const script = `
      const core = await import('@llmsb/core');
      const testing = await import('@llmsb/core/testing');
      const docker = await import('@llmsb/backend-docker');
      const python = await import('@llmsb/lang-python');
      const security = await import('@llmsb/security');
      const cli = await import('@llmsb/cli');
      console.log([typeof core.createSession, typeof testing.describeBackend, typeof docker.dockerBackend,
        typeof python.python, typeof security.SecurityPolicy, typeof cli.main].join(' '));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: CLI_DIR });
    expect(stdout.trim()).toBe('function function function function function function');
  });

  it('run code with string config (backend and language loaded lazily by name)', async () => {
    const script = `
      import { createSession } from '@llmsb/core';
      const session = await createSession({ backend: 'Docker', lang: 'PYTHON' });
      try { console.log((await session.run('print(21 * 2)')).stdout.trim()); } finally { await session.close(); }`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: CLI_DIR });
    expect(stdout.trim()).toBe('42');
  }, 60_000);

  it('find every published language by name and alias', async () => {
    const script = `
      import { PluginRegistry } from '@llmsb/core';
      const registry = new PluginRegistry();
      const names = ['Python', 'py', 'js', 'node', 'ts', 'java', 'c++', 'cxx', 'golang', 'rb', 'R', 'rscript'];
      const found = [];
      for (const name of names) found.push((await registry.language(name)).name);
      console.log(found.join(' '));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: CLI_DIR });
    expect(stdout.trim()).toBe('python python javascript javascript typescript java cpp cpp go ruby r r');
  });

  it('find every published backend by name and alias', async () => {
    const script = `
      import { PluginRegistry } from '@llmsb/core';
      const registry = new PluginRegistry();
      const found = [];
      for (const name of ['Docker', 'podman', 'kubernetes', 'k8s', 'micromamba', 'mamba']) found.push((await registry.backend(name)).name);
      console.log(found.join(' '));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: CLI_DIR });
    expect(stdout.trim()).toBe('docker podman kubernetes kubernetes micromamba micromamba');
  });
});
