import { ContainerError, KernelDiedError, ValidationError } from '../errors.js';
import { silentLogger, stderrLogger, type Logger } from '../logger.js';
import { checkBeforeStart } from '../security-gate.js';
import { SerialQueue } from '../serial-queue.js';
import type { Session } from '../session.js';
import type { SupervisedContainer } from '../supervisor/supervised-container.js';
import { CellCollector } from './cell-collector.js';
import type { CellOptions } from './cell-options.js';
import type { CellResult } from './cell-result.js';
import { CellTimeoutError } from './cell-timeout-error.js';
import type { KernelOptions } from './interactive-options.js';
import { KernelBridge } from './kernel-bridge.js';
import { interactiveLanguages, kernelCommand } from './kernels.js';

/** Room for one bridge line beyond the cell's own output cap (JSON escaping, a result's envelope). */
const LINE_SLACK_BYTES = 1024 * 1024;

/**
 * A notebook-like session: cells run one at a time against one kernel whose variables,
 * imports and files persist between cells. Processes a cell starts do not outlive it.
 */
export class InteractiveSession implements AsyncDisposable {
  private readonly queue = new SerialQueue();
  private readonly logger: Logger;
  private bridge: KernelBridge | undefined;
  private cellCount = 0;
  private running: KernelBridge | undefined;
  private starts = 0;

  constructor(
    /** The underlying session: files, `executeCommand` and `close` work as on any session. */
    readonly session: Session,
    private readonly kernel: KernelOptions,
  ) {
    this.logger = session.options.logger ?? (session.options.verbose ? stderrLogger : silentLogger);
  }

  /** Starts the kernel; called by `createInteractiveSession`. */
  async start(): Promise<this> {
    const language = this.session.languageHandler.name;
    if (!kernelCommand(language, this.kernel))
      throw new ValidationError(`Interactive sessions support ${interactiveLanguages().join(', ')}, not ${language}.`);
    await this.startBridge();
    return this;
  }

  /** Runs one cell. A raised exception is a result (`exitCode` 1, `error`); a timeout rejects with `SandboxTimeoutError`. */
  async run(code: string, options: CellOptions = {}): Promise<CellResult> {
    const { securityPolicy: policy, securityMode: mode } = this.session.options;
    checkBeforeStart({ policy, mode, logger: this.logger, language: this.session.languageHandler }, 'the cell', code, []);
    options.signal?.throwIfAborted();
    return this.queue.run(() => {
      // Aborted while an earlier cell ran: this one never starts.
      options.signal?.throwIfAborted();
      return this.runCell(code, options);
    });
  }

  /** Interrupts the running cell (KeyboardInterrupt); its result then carries the error. Variables are kept. */
  interrupt(): void {
    this.running?.send({ op: 'interrupt' });
  }

  /** Restarts the kernel: every variable is gone. */
  async restart(): Promise<void> {
    return this.queue.run(async () => {
      const bridge = this.bridge;
      if (!bridge?.alive) return this.startBridge();
      bridge.send({ op: 'restart' });
      await bridge.ready(this.kernel.kernelStartTimeoutMs);
      await this.container().sweep();
    });
  }

  /**
   * Installs libraries between cells. The kernel is stopped first (the code's state is lost; the
   * next cell starts a fresh kernel that sees them): the code's processes must not run while an
   * installer does and the network may be up (see "Installs that sandboxed code cannot steer").
   */
  async install(libraries: readonly string[]): Promise<void> {
    await this.queue.run(async () => {
      await this.bridge?.kill();
      this.bridge = undefined;
    });
    await this.session.install(libraries);
  }

  /** How many kernels this session has started: a change between two cells means the state was lost. */
  get kernelStarts(): number {
    return this.starts;
  }

  /** Whether the kernel is running (a dead one is started afresh by the next cell). */
  isAlive(): boolean {
    return this.session.isOpen && this.bridge?.kernelAlive === true;
  }

  async close(): Promise<void> {
    await this.session.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // --- Internal helpers ---

  private container(): SupervisedContainer {
    const container = this.session.supervisedContainer;
    if (!container)
      throw new ContainerError(
        'Interactive sessions need the in-sandbox supervisor, and this session has none (a remote engine or an attached container).',
      );
    return container;
  }

  private async startBridge(): Promise<void> {
    const language = this.session.languageHandler;
    const env = { ...language.env, ...this.session.options.runtimeConfig.env };
    const command = kernelCommand(language.name, this.kernel);
    if (!command) throw new ValidationError(`No kernel for ${language.name}.`);
    const bridge = KernelBridge.start(this.container(), command, env, this.session.options.maxOutputBytes * 2 + LINE_SLACK_BYTES, this.logger, () => {
      this.starts += 1;
    });
    this.bridge = bridge;
    bridge.send({ op: 'start' });
    try {
      await bridge.ready(this.kernel.kernelStartTimeoutMs);
    } catch (error) {
      await bridge.kill();
      throw error;
    }
  }

  private async runCell(code: string, options: CellOptions): Promise<CellResult> {
    if (!this.session.isOpen) throw new ContainerError('The interactive session is closed; create a new one.');
    if (!this.bridge?.alive) await this.startBridge();
    const bridge = this.bridge as KernelBridge;
    const cell = new CellCollector(++this.cellCount, options);
    bridge.onMessage((message) => cell.take(message));
    this.running = bridge;
    const { executionTimeoutMs, defaultTimeoutMs } = this.session.options;
    const timeoutMs = options.timeoutMs !== undefined ? options.timeoutMs : (executionTimeoutMs ?? defaultTimeoutMs);
    try {
      bridge.send({ op: 'execute', id: cell.id, code, maxOutputBytes: this.session.options.maxOutputBytes });
      const outcome = await settle(cell.done, bridge.exited, timeoutMs, options.signal);
      if (outcome === 'done') return await this.finishCell(cell);
      if (outcome === 'exited') throw this.died(cell, 'the kernel bridge exited');
      return await this.stopCell(bridge, cell, outcome === 'aborted' ? { reason: options.signal?.reason } : { timeoutMs });
    } finally {
      this.running = undefined;
      bridge.onMessage(undefined);
    }
  }

  private async finishCell(cell: CellCollector): Promise<CellResult> {
    const done = await cell.done;
    // Processes the cell started (subprocess, !cmd, multiprocessing) end with it; the kernel stays.
    await this.container().sweep();
    if (done.status === 'died') throw this.died(cell, 'the kernel process died');
    return cell.result(done);
  }

  /** A timeout or an abort: interrupt, give the kernel `interruptGraceMs`, else kill and start afresh. */
  private async stopCell(bridge: KernelBridge, cell: CellCollector, why: { reason: unknown } | { timeoutMs: number | null }): Promise<never> {
    bridge.send({ op: 'interrupt' });
    const stopped = await settle(cell.done, bridge.exited, this.kernel.interruptGraceMs, undefined);
    let kernelRestarted = false;
    if (stopped === 'done') {
      // A kernel can also die of the interrupt (a Node kernel whose code removed its SIGINT handler).
      kernelRestarted = (await cell.done).status === 'died';
      await this.container().sweep();
    } else {
      kernelRestarted = true;
      await bridge.kill();
      this.bridge = undefined;
    }
    // An abort is the caller's decision, not a timeout: it gets its own reason back.
    if ('reason' in why) throw why.reason;
    const { timeoutMs } = why;
    const { stdout, stderr } = cell.partial();
    const state = kernelRestarted
      ? 'the kernel did not stop within interruptGraceMs and was killed: its variables are gone (the next cell starts a fresh kernel)'
      : 'the cell was interrupted; the variables are kept';
    throw new CellTimeoutError(`The cell timed out after ${timeoutMs} ms: ${state}.`, {
      timeoutMs: timeoutMs ?? undefined,
      stdout,
      stderr,
      kernelRestarted,
    });
  }

  private died(cell: CellCollector, why: string): KernelDiedError {
    return new KernelDiedError(
      `The kernel died during the cell (${why}; out of memory?): its variables are gone. The next cell starts a fresh kernel.`,
      cell.partial(),
    );
  }
}

/** Waits for the cell's end, the bridge's exit, the deadline or the abort, whichever comes first. */
async function settle(
  done: Promise<unknown>,
  exited: Promise<void>,
  timeoutMs: number | null,
  signal: AbortSignal | undefined,
): Promise<'done' | 'exited' | 'timeout' | 'aborted'> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const racers: Promise<'done' | 'exited' | 'timeout' | 'aborted'>[] = [done.then(() => 'done' as const), exited.then(() => 'exited' as const)];
  if (timeoutMs !== null) racers.push(new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))));
  if (signal) {
    racers.push(
      new Promise((resolve) => {
        onAbort = () => resolve('aborted');
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    );
  }
  try {
    return await Promise.race(racers);
  } finally {
    clearTimeout(timer);
    if (signal && onAbort) signal.removeEventListener('abort', onAbort);
  }
}
