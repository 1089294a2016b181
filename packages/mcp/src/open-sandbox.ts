import { createArtifactSession, type ArtifactSession } from '@llmsb/artifacts';
import { createInteractiveSession, hasInteractiveKernel, type LanguageHandler } from '@llmsb/core';
import type { McpServerContext, McpServerLimits } from './options.js';
import { kernelSandbox, processSandbox, type SessionSandbox } from './session-sandbox.js';
import type { WarmPool } from './warm-pool.js';

/** Opens a sandbox for one language with the server's settings; plots are captured where the language can. */
export function openSandbox(language: LanguageHandler, limits: McpServerLimits, context: McpServerContext): Promise<ArtifactSession> {
  const image = limits.images[language.name];
  return createArtifactSession(
    {
      backend: limits.backend,
      lang: language,
      enablePlotting: language.supportsPlots === true,
      defaultTimeoutMs: limits.maxTimeoutMs,
      runtimeConfig: limits.runtimeConfig,
      ...(image !== undefined ? { image } : {}),
      ...(limits.securityPolicy !== undefined ? { securityPolicy: limits.securityPolicy } : {}),
    },
    context.registry,
  );
}

/** Backends whose sandboxes run the supervisor that serves interactive sessions. */
const KERNEL_BACKENDS: ReadonlySet<string> = new Set(['docker', 'podman']);

/** Whether `open_session` gives this language a kernel (variables persist) on this server's backend. */
export function hasSessionKernel(language: LanguageHandler, limits: McpServerLimits): boolean {
  return hasInteractiveKernel(language.name) && KERNEL_BACKENDS.has(limits.backend);
}

/**
 * Opens the sandbox of `open_session`: an interactive session where the language has a kernel
 * (from the warm pool when the server keeps one for it), else an artifact session.
 */
export async function openSessionSandbox(
  language: LanguageHandler,
  libraries: readonly string[] | undefined,
  limits: McpServerLimits,
  context: McpServerContext,
  warm: WarmPool | undefined,
): Promise<SessionSandbox> {
  if (!hasSessionKernel(language, limits)) {
    const artifacts = await openSandbox(language, limits, context);
    try {
      if (libraries) await artifacts.install(libraries);
      return processSandbox(artifacts);
    } catch (error) {
      // A failed install must not leave a sandbox nobody holds an id for.
      await artifacts.close().catch(() => undefined);
      throw error;
    }
  }
  const perCall = {
    defaultTimeoutMs: limits.maxTimeoutMs,
    ...(libraries ? { libraries: [...libraries] } : {}),
    ...(limits.securityPolicy !== undefined ? { securityPolicy: limits.securityPolicy } : {}),
  };
  const pool = warm?.language === language.name ? await warm.pool : undefined;
  const image = limits.images[language.name];
  const kernel = pool
    ? await createInteractiveSession({ pool, ...perCall })
    : await createInteractiveSession(
        { backend: limits.backend, lang: language, runtimeConfig: limits.runtimeConfig, ...(image !== undefined ? { image } : {}), ...perCall },
        context.registry,
      );
  return kernelSandbox(kernel);
}
