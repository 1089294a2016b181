import { PluginRegistry, type SessionOptions } from '@llmsb/core';
import { fakeBackend, fakeLanguage } from '@llmsb/core/testing';

/** A registry with the fake backend and the fake language (programs are fake-shell scripts). */
export function fakeRegistry(): PluginRegistry {
  return new PluginRegistry().use(fakeBackend(), fakeLanguage());
}

export const fakeOptions: SessionOptions = { backend: 'fake', lang: 'fake' };
