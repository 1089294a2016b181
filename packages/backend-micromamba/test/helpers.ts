import { testOpenContext, type OpenContextOverrides } from '@llmsb/core/testing';
import { PluginRegistry, type BackendOpenContext, type LanguageHandler } from '@llmsb/core';
import { connectDocker } from '@llmsb/backend-docker';
import { micromambaBackend, type MicromambaBackendOptions } from '@llmsb/backend-micromamba';
import { python } from '@llmsb/lang-python';
import type Docker from 'dockerode';
import { micromambaTestImage } from './micromamba-double.js';

/** The Docker engine and the micromamba test image (built when missing); never skips. */
export async function requireMicromambaImage(): Promise<{ docker: Docker; image: string }> {
  const { docker } = await connectDocker();
  return { docker, image: await micromambaTestImage(docker) };
}

export function micromambaRegistry(options: MicromambaBackendOptions, language: LanguageHandler = python()): PluginRegistry {
  return new PluginRegistry().use(micromambaBackend(options), language);
}

/** A backend open context for the python image with the session defaults. */
export const openContext = (overrides: OpenContextOverrides = {}): BackendOpenContext => testOpenContext(python(), overrides);
