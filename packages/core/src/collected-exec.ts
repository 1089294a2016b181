import { SandboxTimeoutError } from './errors.js';
import type { Logger } from './logger.js';
import { OutputCollector } from './output-collector.js';
import { consoleOutput, type ConsoleOutput, type ResourceUsage } from './results.js';
import type { ContainerAPI, ExecRequest } from './types.js';

export interface CollectOptions {
  /** `null` waits forever. */
  readonly timeoutMs: number | null;
  readonly signal?: AbortSignal | undefined;
  readonly onStdout?: ((text: string) => void) | undefined;
  readonly onStderr?: ((text: string) => void) | undefined;
  readonly maxOutputBytes: number;
  readonly encodingErrors: 'replace' | 'strict';
  readonly logger: Logger;
  /** Log output as it arrives. */
  readonly stream: boolean;
  /** What timed out, for the error message ("Run", "Command ..."). */
  readonly what: string;
}

type Callbacks = 'onStdout' | 'onStderr' | 'onOutputDropped' | 'signal';

/** One process of a sequence. */
export type SequenceStep = Omit<ExecRequest, Callbacks> & {
  /** Runs even after an earlier step failed (clean-up, staging); its own exit code does not count. */
  readonly alwaysRuns?: boolean;
};

/** Extra time the host waits past a deadline the sandbox enforces itself before killing from outside. */
const HOST_BACKSTOP_MS = 2_000;

/**
 * Runs one process and collects its output with bounded memory, UTF-8 decoded across chunk
 * boundaries. Callbacks that throw are logged and never cost output. On timeout the process and
 * all it started are killed (by the backend) before `SandboxTimeoutError` carries the partial output.
 */
export async function execCollected(container: ContainerAPI, request: Omit<ExecRequest, Callbacks>, options: CollectOptions): Promise<ConsoleOutput> {
  return (await execSequence(container, [request], options)).output;
}

export interface SequenceOutcome {
  readonly output: ConsoleOutput;
  /** Index of the request that exited non-zero (the rest but `alwaysRuns` ones did not run); undefined when all succeeded. */
  readonly failedIndex?: number;
}

/**
 * Runs processes one after another (compile, then run) into the same bounded output, under one
 * timeout, stopping at the first that exits non-zero (but for `alwaysRuns` steps).
 */
export async function execSequence(container: ContainerAPI, requests: readonly SequenceStep[], options: CollectOptions): Promise<SequenceOutcome> {
  const stdout = new OutputCollector(options.maxOutputBytes, options.encodingErrors);
  const stderr = new OutputCollector(options.maxOutputBytes, options.encodingErrors);
  const deliverStdout = deliverer('stdout', options.onStdout, options);
  const deliverStderr = deliverer('stderr', options.onStderr, options);
  const timedOut = (cause?: unknown): SandboxTimeoutError =>
    new SandboxTimeoutError(
      `${options.what} timed out after ${options.timeoutMs} ms; its processes were killed. ` + 'Raise timeoutMs (or pass null) if it needs longer.',
      { timeoutMs: options.timeoutMs ?? undefined, stdout: safeText(stdout), stderr: safeText(stderr), cause },
    );
  // A backend that enforces deadlines inside the sandbox gets the remaining time with each
  // request; the host's timer is then only a backstop for a sandbox that stopped answering.
  const inside = container.enforcesTimeouts === true;
  const deadline = options.timeoutMs === null ? undefined : Date.now() + options.timeoutMs;
  const controller = new AbortController();
  const timeoutReason = new Error('timeout');
  const timer =
    options.timeoutMs === null ? undefined : setTimeout(() => controller.abort(timeoutReason), options.timeoutMs + (inside ? HOST_BACKSTOP_MS : 0));
  const onUserAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onUserAbort();
  options.signal?.addEventListener('abort', onUserAbort, { once: true });
  try {
    let exitCode = 0;
    let failedIndex: number | undefined;
    let usage: ResourceUsage | undefined;
    for (const [index, { alwaysRuns, ...request }] of requests.entries()) {
      if (failedIndex !== undefined && !alwaysRuns) continue;
      options.logger.debug(`${options.what}: ${request.argv.join(' ').slice(0, 500)}`);
      const remainingMs = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
      const result = await container.exec({
        ...request,
        ...(inside && remainingMs !== undefined ? { timeoutMs: remainingMs } : {}),
        maxOutputBytes: options.maxOutputBytes,
        onStdout: (chunk) => deliverStdout(stdout.push(chunk)),
        onStderr: (chunk) => deliverStderr(stderr.push(chunk)),
        onOutputDropped: (stream, bytes) => (stream === 'stdout' ? stdout : stderr).skip(bytes),
        signal: controller.signal,
      });
      if (result.timedOut) throw timedOut();
      usage = addUsage(usage, result.usage);
      if (alwaysRuns === true || failedIndex !== undefined) continue;
      exitCode = result.exitCode;
      if (exitCode !== 0) failedIndex = index;
    }
    deliverStdout(stdout.flush());
    deliverStderr(stderr.flush());
    const plain = consoleOutput(exitCode, stdout.text(), stderr.text(), stdout.truncated || stderr.truncated);
    const output = usage ? { ...plain, usage } : plain;
    return failedIndex === undefined || requests.length === 1 ? { output } : { output, failedIndex };
  } catch (error) {
    if (error instanceof SandboxTimeoutError) throw error;
    if (controller.signal.aborted && controller.signal.reason === timeoutReason) throw timedOut(error);
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onUserAbort);
  }
}

// --- Internal helpers ---

function deliverer(
  stream: 'stdout' | 'stderr',
  callback: ((text: string) => void) | undefined,
  options: Pick<CollectOptions, 'logger' | 'stream'>,
): (text: string) => void {
  let reported = false;
  return (text) => {
    if (text === '') return;
    if (options.stream) options.logger.debug(`${stream}: ${text}`);
    if (!callback) return;
    try {
      callback(text);
    } catch (error) {
      if (!reported) options.logger.warn(`on${stream === 'stdout' ? 'Stdout' : 'Stderr'} callback threw; output is still collected`, error);
      reported = true;
    }
  };
}

function addUsage(total: ResourceUsage | undefined, step: ResourceUsage | undefined): ResourceUsage | undefined {
  if (!step) return total;
  if (!total) return step;
  return { cpuMs: total.cpuMs + step.cpuMs, peakMemoryKB: Math.max(total.peakMemoryKB, step.peakMemoryKB), wallMs: total.wallMs + step.wallMs };
}

function safeText(collector: OutputCollector): string {
  try {
    return collector.text();
  } catch {
    return '';
  }
}
