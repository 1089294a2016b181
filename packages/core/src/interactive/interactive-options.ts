import { ValidationError } from '../errors.js';
import type { PooledSessionOptions } from '../create-session.js';
import type { SessionOptions } from '../options.js';

/** The kernel's own options. */
export interface KernelStartOptions {
  /** How long an interrupted cell (timeout, abort) may take to stop before the kernel is restarted. Default 2000. */
  readonly interruptGraceMs?: number;
  /** How long the kernel may take to start. Default 60000. */
  readonly kernelStartTimeoutMs?: number;
}

/**
 * Options of `createInteractiveSession`: a session's options (or `{ pool, ...perCall }` for a
 * pool's never-used sandbox; its kernel starts after the acquire) plus the kernel's.
 */
export type InteractiveSessionOptions = (SessionOptions | PooledSessionOptions) & KernelStartOptions;

export interface KernelOptions {
  readonly interruptGraceMs: number;
  readonly kernelStartTimeoutMs: number;
}

/** Splits the kernel's options from the session's and checks them. */
export function splitInteractiveOptions(options: InteractiveSessionOptions): { session: SessionOptions | PooledSessionOptions; kernel: KernelOptions } {
  const { interruptGraceMs = 2000, kernelStartTimeoutMs = 60_000, ...session } = options;
  for (const [name, value] of Object.entries({ interruptGraceMs, kernelStartTimeoutMs })) {
    if (!Number.isInteger(value) || value <= 0) throw new ValidationError(`${name} must be a positive integer number of milliseconds, got ${String(value)}.`);
  }
  if ('supervisor' in session && session.supervisor === false) {
    throw new ValidationError('Interactive sessions are served by the in-sandbox supervisor; remove supervisor: false.');
  }
  return { session, kernel: { interruptGraceMs, kernelStartTimeoutMs } };
}
