import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { LanguageNotSupportedError, PluginRegistry } from '@llmsb/core';
import { BASH_PLUGIN_DIR, scratchApp, workspacePackage, writePluginPackage } from './scratch-app.js';

const apps: string[] = [];
afterAll(async () => {
  await Promise.all(apps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function app(...args: Parameters<typeof scratchApp>): Promise<string> {
  const dir = await scratchApp(...args);
  apps.push(dir);
  return dir;
}

describe('third-party plugins found by name', () => {
  it('finds a language that a direct dependency of the app declares in its package.json, by name or alias', async () => {
    const registry = new PluginRegistry({ projectDir: await app({ installed: { 'llmsb-example-lang-bash': BASH_PLUGIN_DIR } }) });
    expect(registry.available('language')).toContain('bash');
    const bash = await registry.language('BASH');
    expect(bash).toMatchObject({ kind: 'language', name: 'bash', fileExtension: 'sh' });
    expect(await registry.language('sh-bash')).toBe(bash);
  });

  it('ignores a plugin package that is installed but not a direct dependency of the app', async () => {
    const dir = await app({ installed: { 'llmsb-example-lang-bash': BASH_PLUGIN_DIR }, dependencies: [] });
    const registry = new PluginRegistry({ projectDir: dir });
    expect(registry.available('language')).not.toContain('bash');
    await expect(registry.language('bash')).rejects.toThrow(LanguageNotSupportedError);
  });

  it('registers every plugin of a package named explicitly with usePackage, even when the app does not list it', async () => {
    const dir = await app({ installed: { 'llmsb-example-lang-bash': BASH_PLUGIN_DIR }, dependencies: [] });
    const registry = new PluginRegistry({ projectDir: dir });
    const plugins = await registry.usePackage('llmsb-example-lang-bash');
    expect(plugins.map((plugin) => plugin.name)).toEqual(['bash']);
    expect((await registry.language('bash')).name).toBe('bash');
  });

  it('never lets a discovered package shadow a built-in name, even through an alias', async () => {
    const dir = await app({ installed: { '@llmsb/lang-python': workspacePackage('lang-python') } });
    const shadow = await writePluginPackage(dir, '@acme/llmsb-shadow', ['shadowpy', 'python', 'py']);
    const registry = new PluginRegistry({
      projectDir: await app({ installed: { '@llmsb/lang-python': workspacePackage('lang-python'), '@acme/llmsb-shadow': shadow } }),
    });
    expect((await registry.language('shadowpy')).name).toBe('shadowpy');
    const python = await registry.language('python');
    expect(python.name).toBe('python');
    expect(python.fileExtension).toBe('py');
    expect((await registry.language('py')).name).toBe('python');
  });

  it('explains a package that has no llmsbPlugins() export', async () => {
    const registry = new PluginRegistry({ projectDir: await app({ installed: { '@llmsb/security': workspacePackage('security') } }) });
    await expect(registry.usePackage('@llmsb/security')).rejects.toThrow(/"@llmsb\/security" has no llmsbPlugins\(\) export/);
  });
});
