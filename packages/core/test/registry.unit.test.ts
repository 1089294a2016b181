import { describe, expect, it } from 'vitest';
import { LanguageNotSupportedError, MissingDependencyError, PluginRegistry, UnsupportedBackendError, ValidationError } from '@llmsb/core';
import { fakeBackend, fakeLanguage } from '@llmsb/core/testing';

describe('the plugin registry', () => {
  it('finds registered plugins by name, case-insensitively', async () => {
    const registry = new PluginRegistry().use(fakeBackend(), fakeLanguage());
    expect((await registry.backend('FAKE')).name).toBe('fake');
    expect((await registry.language('Fake')).name).toBe('fake');
  });

  it('rejects an unknown language with the list of available ones', async () => {
    const error = await new PluginRegistry().use(fakeLanguage()).language('cobol').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LanguageNotSupportedError);
    expect((error as Error).message).toMatch(/Available: .*fake.*python/);
  });

  it('rejects an unknown backend with the list of available ones', async () => {
    const error = await new PluginRegistry().backend('vagrant').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedBackendError);
    expect((error as Error).message).toMatch(/Available: .*docker.*kubernetes/);
  });

  it('names the npm package to install when a published plugin is missing', async () => {
    const error = await new PluginRegistry().backend('kubernetes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect((error as Error).message).toContain('npm i @llmsb/backend-k8s');
  });

  it('refuses two different plugins under one name', () => {
    expect(() => new PluginRegistry().use(fakeBackend(), fakeBackend())).toThrow(ValidationError);
  });
});
