import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CORE_DIR = fileURLToPath(new URL('..', import.meta.url));

// A module hook that makes any import of vitest fail, so the child proves it never loads it.
const NO_VITEST_HOOK = `export async function resolve(specifier, context, next) {
  if (/^(vitest|@vitest\\/)/.test(specifier)) throw new Error('vitest was imported: ' + specifier);
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(NO_VITEST_HOOK)}));`;

/** Runs an ES module in a plain node process (no vitest around it), from core's folder. */
async function node(source: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', source],
    { cwd: CORE_DIR },
  );
  return stdout;
}

describe('@llmsb/core/testing/fake', () => {
  it('runs a session on the fake backend in a plain node process that cannot import vitest', async () => {
    const stdout = await node(`
      import { createSession, PluginRegistry } from '@llmsb/core';
      import { fakeBackend, fakeLanguage } from '@llmsb/core/testing/fake';
      const registry = new PluginRegistry().use(fakeBackend(), fakeLanguage());
      const session = await createSession({ backend: 'fake', lang: 'fake' }, registry);
      try {
        const { exitCode, stdout } = await session.executeCommand('echo from the fake');
        console.log(JSON.stringify({ exitCode, stdout }));
      } finally {
        await session.close();
      }
    `);
    expect(JSON.parse(stdout)).toEqual({ exitCode: 0, stdout: 'from the fake\n' });
  });

  it('is needed: the full @llmsb/core/testing does import vitest (so the hook above would catch it)', async () => {
    await expect(node(`await import('@llmsb/core/testing');`)).rejects.toThrow(/vitest was imported: vitest/);
  });
});
