import { ValidationError } from '../errors.js';
import type { SessionOptions } from '../options.js';

/** Options of `createInteractiveSession`: a session's options plus the kernel's. */
export interface InteractiveSessionOptions extends SessionOptions {
  /** How long an interrupted cell (timeout, abort) may take to stop before the kernel is restarted. Default 2000. */
  readonly interruptGraceMs?: number;
  /** How long the kernel may take to start. Default 60000. */
  readonly kernelStartTimeoutMs?: number;
}

export interface KernelOptions {
  readonly interruptGraceMs: number;
  readonly kernelStartTimeoutMs: number;
}

/** Splits the kernel's options from the session's and checks them. */
export function splitInteractiveOptions(options: InteractiveSessionOptions): { session: SessionOptions; kernel: KernelOptions } {
  const { interruptGraceMs = 2000, kernelStartTimeoutMs = 60_000, ...session } = options;
  for (const [name, value] of Object.entries({ interruptGraceMs, kernelStartTimeoutMs })) {
    if (!Number.isInteger(value) || value <= 0) throw new ValidationError(`${name} must be a positive integer number of milliseconds, got ${String(value)}.`);
  }
  if (session.supervisor === false) {
    throw new ValidationError('Interactive sessions are served by the in-sandbox supervisor; remove supervisor: false.');
  }
  return { session, kernel: { interruptGraceMs, kernelStartTimeoutMs } };
}
