import { ValidationError } from '../errors.js';
import type { PooledSessionOptions } from '../create-session.js';
import type { SessionOptions } from '../options.js';
import { fromUpstream, type UpstreamInteractiveOptions } from './upstream-options.js';

/** The kernel's own options. */
export interface KernelStartOptions {
  /** How long an interrupted cell (timeout, abort) may take to stop before the kernel is restarted. Default 2000. */
  readonly interruptGraceMs?: number;
  /** How long the kernel may take to start. Default 60000. */
  readonly kernelStartTimeoutMs?: number;
  /** How many cell outputs the kernel keeps (`Out[n]`, `_`, `__`); below 3 none. Default 1000. */
  readonly historySize?: number;
}

/**
 * Options of `createInteractiveSession`: a session's options (or `{ pool, ...perCall }` for a
 * pool's never-used sandbox; its kernel starts after the acquire) plus the kernel's, plus
 * upstream's names for some of them.
 */
export type InteractiveSessionOptions = (SessionOptions | PooledSessionOptions) & KernelStartOptions & UpstreamInteractiveOptions;

export interface KernelOptions {
  readonly interruptGraceMs: number;
  readonly kernelStartTimeoutMs: number;
  readonly historySize: number;
}

/** Splits the kernel's options from the session's, maps upstream's names and checks them all. */
export function splitInteractiveOptions(options: InteractiveSessionOptions): {
  session: SessionOptions | PooledSessionOptions;
  kernel: KernelOptions;
} {
  const upstream = fromUpstream(options);
  const { kernel_type: _kernelType, max_memory: _maxMemory, history_size: _historySize, timeout: _timeout, ...ours } = options;
  const both = (name: string, ourName: string, given: boolean) => {
    if (given) throw new ValidationError(`Give ${name} (upstream's name) or ${ourName}, not both.`);
  };
  both('history_size', 'historySize', upstream.historySize !== undefined && ours.historySize !== undefined);
  both('timeout', 'executionTimeoutMs', upstream.executionTimeoutMs !== undefined && ours.executionTimeoutMs !== undefined);
  const { interruptGraceMs = 2000, kernelStartTimeoutMs = 60_000, historySize = upstream.historySize ?? 1000, ...session } = ours;
  for (const [name, value] of Object.entries({ interruptGraceMs, kernelStartTimeoutMs })) {
    if (!Number.isInteger(value) || value <= 0)
      throw new ValidationError(`${name} must be a positive integer number of milliseconds, got ${String(value)}.`);
  }
  if (!Number.isInteger(historySize) || historySize < 0)
    throw new ValidationError(`historySize must be a non-negative integer, got ${String(historySize)}.`);
  if ('supervisor' in session && session.supervisor === false) {
    throw new ValidationError('Interactive sessions are served by the in-sandbox supervisor; remove supervisor: false.');
  }
  if (upstream.executionTimeoutMs !== undefined) Object.assign(session, { executionTimeoutMs: upstream.executionTimeoutMs });
  if (upstream.memoryMB !== undefined) {
    if ('pool' in session)
      throw new ValidationError("max_memory cannot change a pooled sandbox's memory limit; set runtimeConfig.memoryMB on the pool.");
    both('max_memory', 'runtimeConfig.memoryMB', session.runtimeConfig?.memoryMB !== undefined);
    Object.assign(session, { runtimeConfig: { ...session.runtimeConfig, memoryMB: upstream.memoryMB } });
  }
  return { session, kernel: { interruptGraceMs, kernelStartTimeoutMs, historySize } };
}
