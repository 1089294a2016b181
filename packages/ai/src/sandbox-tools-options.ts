import { createArtifactSession, type ArtifactSessionOptions } from '@llmsb/artifacts';
import { defaultRegistry, type PluginRegistry } from '@llmsb/core';
import { SandboxKeeper } from './sandbox-keeper.js';

/** Options of `aiSdkTools` and `langchainTools`. */
export interface SandboxToolsOptions {
  /** Language the tools run. Default: `'python'`. */
  readonly lang?: string;
  /** Everything else the sandbox takes (backend, image, runtimeConfig, securityPolicy, ...). Default: Docker, the language's own image. */
  readonly session?: Omit<ArtifactSessionOptions, 'lang'>;
  /** Registry the backend and language are looked up in. Default: the default registry (packages imported by name). */
  readonly registry?: PluginRegistry;
  /** Longest `timeoutMs` the model may ask for; longer requests are clamped to it. Default: 120 000. */
  readonly maxTimeoutMs?: number;
  /** Whether the model may install libraries (`libraries` in the input). Default: true. */
  readonly allowLibraries?: boolean;
}

export const DEFAULT_MAX_TIMEOUT_MS = 120_000;

/** The keeper that owns the tools' one sandbox. */
export function keeperFor(options: SandboxToolsOptions): SandboxKeeper {
  const registry = options.registry ?? defaultRegistry;
  return new SandboxKeeper(() => createArtifactSession({ ...options.session, lang: options.lang ?? 'python' }, registry));
}

/** A requested timeout, clamped to the allowed maximum. */
export function clampTimeout(requested: number | undefined, maxTimeoutMs: number): number {
  return Math.min(requested ?? maxTimeoutMs, maxTimeoutMs);
}
