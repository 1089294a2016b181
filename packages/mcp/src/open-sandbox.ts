import { createArtifactSession, type ArtifactSession } from '@llmsb/artifacts';
import type { LanguageHandler } from '@llmsb/core';
import type { McpServerContext, McpServerLimits } from './options.js';

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
