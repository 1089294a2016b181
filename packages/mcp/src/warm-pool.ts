import { createPool, type Pool } from '@llmsb/core';
import { hasSessionKernel } from './open-sandbox.js';
import type { McpServerContext, McpServerLimits } from './options.js';

/** Sandboxes kept ready for the sessions of one language (the first offered that has a kernel). */
export interface WarmPool {
  readonly language: string;
  readonly pool: Promise<Pool>;
}

/**
 * Starts the warm pool when the server is asked for one (`poolMin` > 0). A pooled sandbox is
 * handed out once; when every one is leased, a session gets a temporary sandbox instead of
 * waiting (the server's own `maxSessions` bounds how many are open).
 */
export function startWarmPool(limits: McpServerLimits, context: McpServerContext): WarmPool | undefined {
  if (limits.poolMin === 0) return undefined;
  const language = context.languages.find((candidate) => hasSessionKernel(candidate, limits));
  if (!language) return undefined;
  const image = limits.images[language.name];
  const pool = createPool(
    {
      backend: limits.backend,
      lang: language,
      runtimeConfig: limits.runtimeConfig,
      min: limits.poolMin,
      max: Math.max(limits.poolMin, limits.maxSessions),
      strategy: 'overflow',
      ...(image !== undefined ? { image } : {}),
    },
    context.registry,
  );
  // A failure is reported by ready() and by the session that waits for it, never as unhandled.
  pool.catch(() => undefined);
  return { language: language.name, pool };
}
