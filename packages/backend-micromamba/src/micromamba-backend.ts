import { ContainerError, type BackendOpenContext, type BackendPlugin, type ContainerAPI } from '@llmsb/core';
import { openDockerContainer, type ConnectOptions } from '@llmsb/backend-docker';
import { MicromambaContainer, micromambaArgv } from './micromamba-container.js';

export const DEFAULT_MICROMAMBA_IMAGE = 'mambaorg/micromamba:latest';

export interface MicromambaBackendOptions extends ConnectOptions {
  /** Name under which the backend registers. Default: `'micromamba'`. */
  readonly name?: string;
  /** Image with micromamba and the environment; a session's `image` wins. Default: `mambaorg/micromamba:latest`. */
  readonly image?: string;
  /** Environment every command runs in. Default: `'base'`. */
  readonly environment?: string;
  /** The micromamba program inside the image. Default: `'micromamba'` (found on PATH). */
  readonly executable?: string;
}

/**
 * The seed's MicromambaSession as a backend: a Docker-engine container in which every command
 * runs inside `micromamba run -n <environment>`. Exit codes are preserved.
 *
 * @example
 * const registry = new PluginRegistry().use(micromambaBackend({ environment: 'science' }), python());
 */
export function micromambaBackend(options: MicromambaBackendOptions = {}): BackendPlugin {
  return {
    kind: 'backend',
    name: options.name ?? 'micromamba',
    aliases: ['mamba'],
    open: (context) => openMicromambaContainer(context, options),
  };
}

export async function openMicromambaContainer(context: BackendOpenContext, options: MicromambaBackendOptions = {}): Promise<ContainerAPI> {
  const environment = options.environment ?? 'base';
  const executable = options.executable ?? 'micromamba';
  const image = context.image ?? (context.dockerfile || context.containerId ? undefined : (options.image ?? DEFAULT_MICROMAMBA_IMAGE));
  // The code owns its environment (it installs into it), so llmsb cannot tell a micromamba image's
  // writable places apart: no disk bound unless asked for (then with readOnly, else an error).
  const diskMB = context.runtimeConfig.diskMB === undefined ? null : context.runtimeConfig.diskMB;
  const runtimeConfig = { ...context.runtimeConfig, diskMB };
  const inner = await openDockerContainer({ ...context, runtimeConfig, ...(image ? { image } : {}) }, options);
  const container = new MicromambaContainer(inner, environment, executable);
  await assertEnvironment(inner, executable, environment).catch(async (error: unknown) => {
    await container.close().catch(() => undefined);
    throw error;
  });
  return container;
}

// --- Internal helpers ---

/** Fails at open, not at the first run, when micromamba or the environment is missing. */
async function assertEnvironment(inner: ContainerAPI, executable: string, environment: string): Promise<void> {
  const stderr: Buffer[] = [];
  const { exitCode } = await inner.exec({
    argv: micromambaArgv(executable, environment, ['true']),
    onStderr: (chunk) => stderr.push(Buffer.from(chunk)),
  });
  if (exitCode === 0) return;
  const detail = Buffer.concat(stderr).toString().trim();
  throw new ContainerError(
    // The engine reports a program it cannot find or start as 126/127 (Docker) before micromamba runs.
    exitCode === 126 || exitCode === 127
      ? `The image has no \`${executable}\` on PATH (${detail || `exit ${exitCode}`}). Use an image with micromamba, e.g. ${DEFAULT_MICROMAMBA_IMAGE}.`
      : `\`${executable} run -n ${environment}\` failed (exit ${exitCode}): ${detail}. Check that the environment "${environment}" exists in the image.`,
  );
}
