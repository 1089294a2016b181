import { describe, expect, it } from 'vitest';
import {
  importPluginPackage,
  LanguageNotSupportedError,
  MissingDependencyError,
  PluginRegistry,
  UnsupportedBackendError,
  ValidationError,
} from '@llmsb/core';
import { fakeBackend, fakeLanguage } from '@llmsb/core/testing';

describe('the plugin registry', () => {
  it('finds registered plugins by name, case-insensitively', async () => {
    const registry = new PluginRegistry().use(fakeBackend(), fakeLanguage());
    expect((await registry.backend('FAKE')).name).toBe('fake');
    expect((await registry.language('Fake')).name).toBe('fake');
  });

  it('rejects an unknown language with the list of available ones', async () => {
    const error = await new PluginRegistry()
      .use(fakeLanguage())
      .language('cobol')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LanguageNotSupportedError);
    expect((error as Error).message).toMatch(/Available: .*fake.*python/);
  });

  it('rejects an unknown backend with the list of available ones', async () => {
    const error = await new PluginRegistry().backend('vagrant').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedBackendError);
    expect((error as Error).message).toMatch(/Available: .*docker.*kubernetes/);
  });

  it('names the npm package to install when a plugin package is missing', async () => {
    // Every published name has a package in this workspace, so ask for one that does not exist.
    const error = await importPluginPackage('@llmsb/backend-not-published').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect((error as Error).message).toContain('npm i @llmsb/backend-not-published');
  });

  it('resolves a built-in name once when sessions ask for it at the same time', async () => {
    // The Docker backend package depends on the Python language package, so it resolves from there.
    const registry = new PluginRegistry({ projectDir: new URL('../../backend-docker', import.meta.url).pathname });
    const [first, second, third] = await Promise.all([registry.language('python'), registry.language('python'), registry.language('PYTHON')]);
    expect(first.name).toBe('python');
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('refuses two different plugins under one name', () => {
    expect(() => new PluginRegistry().use(fakeBackend(), fakeBackend())).toThrow(ValidationError);
  });
});
