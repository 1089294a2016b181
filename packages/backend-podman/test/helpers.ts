import { PluginRegistry, runtimeConfigSchema, silentLogger, type BackendOpenContext, type RuntimeConfigInput, type SessionOptions } from '@llmsb/core';
import { imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { connectPodman, podmanBackend } from '@llmsb/backend-podman';
import { python, pythonRecipe } from '@llmsb/lang-python';
import type Docker from 'dockerode';

export const pythonImage = recipeImageTag(pythonRecipe);

/** Podman's service and the python image in its store; missing ones fail the tests (never skip). */
export async function requirePodman(): Promise<Docker> {
  const { docker } = await connectPodman();
  if (!(await imageExists(docker, pythonImage))) {
    throw new Error(`${pythonImage} is not in Podman's store: run scripts/setup.sh (it copies it from Docker).`);
  }
  return docker;
}

export function podmanRegistry(): PluginRegistry {
  return new PluginRegistry().use(podmanBackend(), python());
}

export const pythonOnPodman: SessionOptions = { backend: 'podman', lang: 'python' };

export function openContext(overrides: Partial<BackendOpenContext> & { runtimeConfig?: RuntimeConfigInput } = {}): BackendOpenContext {
  const { runtimeConfig, ...rest } = overrides;
  return {
    language: python(),
    workdir: '/sandbox',
    runtimeConfig: runtimeConfigSchema.parse(runtimeConfig ?? {}),
    keepTemplate: false,
    commitContainer: false,
    buildMissingImage: false,
    labels: { 'llmsb.managed': 'true', 'llmsb.test': 'conformance' },
    logger: silentLogger,
    ...rest,
  };
}

/** Pids, states and command lines of a container's processes (the image has no ps). */
export const PROCESS_LISTING = `for d in /proc/[0-9]*; do c=$(tr '\\000' ' ' < $d/cmdline 2>/dev/null); s=$(cut -d' ' -f3 $d/stat 2>/dev/null); [ -n "$c" ] && echo "\${d#/proc/} $s $c"; done`;
