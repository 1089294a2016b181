import { ValidationError } from '../errors.js';

/**
 * The option names of upstream's `InteractiveSandboxSession`, accepted as they are so code ported
 * from it keeps working. Each maps to one of ours; giving both names is a `ValidationError`.
 */
export interface UpstreamInteractiveOptions {
  /** `'ipython'` (upstream's default): cells run in a Jupyter kernel. Its `'standard'` is not offered. */
  readonly kernel_type?: 'ipython';
  /** Memory limit as upstream writes it (`'1GB'`, `'512m'`, a number of bytes) → `runtimeConfig.memoryMB`; `null`: no limit. */
  readonly max_memory?: string | number | null;
  /** How many outputs the kernel keeps (`Out[n]`, `_`) → `historySize`. */
  readonly history_size?: number;
  /** Default cell timeout in seconds → `executionTimeoutMs`; `null`: none. */
  readonly timeout?: number | null;
}

/** Upstream's interactive options we do not take, and why. */
const REFUSED: Readonly<Record<string, string>> = {
  enable_magic: 'magics (%time, !cmd) are always on in the IPython kernel',
  poll_interval: 'cells are not polled: the kernel bridge streams each message as it comes',
  runtime_configs: 'use runtimeConfig (memoryMB, cpuCount, ...)',
};

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `'1GB'`, `'512m'`, `'2 GiB'`, `1073741824` → MiB, rounded up (as Docker's `mem_limit` reads it: binary units). */
export function parseMaxMemory(value: string | number): number {
  const match = typeof value === 'number' ? [String(value), String(value), ''] : /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
  const amount = Number(match?.[1]);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match || unit === undefined || !Number.isFinite(amount) || amount <= 0) {
    throw new ValidationError(`max_memory must be a size such as '1GB', '512m' or a number of bytes, got ${JSON.stringify(value)}.`);
  }
  return Math.ceil((amount * unit) / 1024 ** 2);
}

/** Our options for upstream's names found in `options`; refuses the ones we do not take. */
export function fromUpstream(given: object): {
  memoryMB?: number | null;
  historySize?: number;
  executionTimeoutMs?: number | null;
} {
  // Read as untyped: plain-JS callers pass anything.
  const options = given as Readonly<Record<string, unknown>>;
  for (const [name, why] of Object.entries(REFUSED)) {
    if (name in options) throw new ValidationError(`${name} (upstream's option) is not supported: ${why}.`);
  }
  const mapped: { memoryMB?: number | null; historySize?: number; executionTimeoutMs?: number | null } = {};
  const { kernel_type: kernelType, max_memory: maxMemory, history_size: historySize, timeout } = options;
  if (kernelType !== undefined && kernelType !== 'ipython') {
    throw new ValidationError(`kernel_type must be 'ipython' (cells run in a Jupyter kernel), got ${JSON.stringify(kernelType)}.`);
  }
  if (maxMemory !== undefined) {
    if (maxMemory !== null && typeof maxMemory !== 'string' && typeof maxMemory !== 'number')
      throw new ValidationError('max_memory must be a string, a number of bytes or null.');
    mapped.memoryMB = maxMemory === null ? null : parseMaxMemory(maxMemory);
  }
  if (historySize !== undefined) mapped.historySize = historySize as number;
  if (timeout !== undefined) {
    if (timeout !== null && (typeof timeout !== 'number' || !(timeout > 0)))
      throw new ValidationError(`timeout must be a positive number of seconds or null, got ${String(timeout)}.`);
    mapped.executionTimeoutMs = timeout === null ? null : Math.ceil(timeout * 1000);
  }
  return mapped;
}
