import { PluginRegistry, runtimeConfigSchema, silentLogger, type BackendOpenContext, type LanguageHandler, type RuntimeConfigInput } from '@llmsb/core';
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

export function openContext(overrides: Partial<BackendOpenContext> & { runtimeConfig?: RuntimeConfigInput } = {}): BackendOpenContext {
  const { runtimeConfig, ...rest } = overrides;
  return {
    language: python(),
    workdir: '/sandbox',
    runtimeConfig: runtimeConfigSchema.parse(runtimeConfig ?? {}),
    keepTemplate: false,
    commitContainer: false,
    buildMissingImage: false,
    labels: { 'llmsb.managed': 'true', 'llmsb.test': 'micromamba' },
    logger: silentLogger,
    ...rest,
  };
}
