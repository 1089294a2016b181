import { StringDecoder } from 'node:string_decoder';
import { ContainerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SupervisedContainer } from '../supervisor/supervised-container.js';
import type { SupervisorResident } from '../supervisor/resident.js';
import { parseBridgeLine, type BridgeMessage, type BridgeOp } from './bridge-messages.js';
import type { KernelCommand } from './kernels.js';
import { PYTHON_BRIDGE } from './python-bridge.js';

/** The system interpreter, isolated (-I): the bridge imports only from root-owned directories. */
const BRIDGE_ARGV = ['/usr/bin/python3', '-I', '-c', PYTHON_BRIDGE];

/**
 * The kernel bridge as the session's resident process: it outlives cells (the supervisor spares
 * it and the kernel it started when a call ends or a sweep runs) and speaks JSON lines.
 */
export class KernelBridge {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private listener: ((message: BridgeMessage) => void) | undefined;
  private readyWaiters: ((pid: number) => void)[] = [];
  private ended = false;
  private kernelUp = false;
  /** Settles when the bridge process has exited (killed, crashed) and its processes are gone. */
  readonly exited: Promise<void>;

  private constructor(
    private readonly resident: SupervisorResident,
    private readonly maxLineBytes: number,
    private readonly logger: Logger,
    private readonly onKernelReady: () => void,
  ) {
    this.exited = resident.exit.then(
      () => undefined,
      () => undefined,
    );
    void this.exited.then(() => {
      this.ended = true;
    });
  }

  /**
   * Starts the bridge with the kernel's command (a Jupyter kernel gets `-f <connection file>` added);
   * `onKernelReady` is called for each kernel it starts (the first, and each after a death or restart).
   */
  static start(
    container: SupervisedContainer,
    kernel: KernelCommand,
    env: Record<string, string>,
    maxLineBytes: number,
    logger: Logger,
    onKernelReady: () => void,
  ): KernelBridge {
    let bridge: KernelBridge | undefined;
    const resident = container.startResident({
      argv: [...BRIDGE_ARGV, kernel.protocol, ...kernel.argv],
      env,
      onStdout: (chunk) => bridge?.receive(chunk),
      onStderr: (chunk) => logger.debug(`kernel bridge: ${Buffer.from(chunk).toString('utf8').trimEnd()}`),
    });
    bridge = new KernelBridge(resident, maxLineBytes, logger, onKernelReady);
    return bridge;
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** The bridge is up and its kernel too (a kernel that died comes back at the next cell). */
  get kernelAlive(): boolean {
    return !this.ended && this.kernelUp;
  }

  send(op: BridgeOp): void {
    if (!this.ended) this.resident.write(Buffer.from(`${JSON.stringify(op)}\n`));
  }

  onMessage(listener: ((message: BridgeMessage) => void) | undefined): void {
    this.listener = listener;
  }

  /** Resolves with the kernel's pid once the bridge reports a kernel ready; rejects if the bridge ends or time runs out. */
  async ready(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        new Promise<number>((resolve) => this.readyWaiters.push(resolve)),
        this.exited.then(() => {
          throw new ContainerError(
            'The kernel bridge exited before the kernel was ready. It needs /usr/bin/python3 in the image, and the kernel (python3-ipykernel for Python, node for JavaScript). Run with verbose: true to see its stderr.',
          );
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ContainerError(`The kernel did not start within ${timeoutMs} ms; raise kernelStartTimeoutMs.`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the bridge and its kernel; resolves once the supervisor confirms every process gone. */
  async kill(): Promise<void> {
    if (!this.ended) this.resident.kill();
    await this.exited;
  }

  private receive(chunk: Uint8Array): void {
    this.pending += this.decoder.write(Buffer.from(chunk));
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      const message = parseBridgeLine(line);
      if (message) this.dispatch(message);
    }
    // The bridge caps each cell's output; a longer line means something is wrong: end it.
    if (this.pending.length > this.maxLineBytes) {
      this.logger.warn('the kernel bridge sent an over-long line; killing the kernel');
      this.pending = '';
      this.resident.kill();
    }
  }

  private dispatch(message: BridgeMessage): void {
    if (message.type === 'done' && message.status === 'died') this.kernelUp = false;
    if (message.type === 'ready') {
      this.kernelUp = true;
      this.onKernelReady();
      for (const waiter of this.readyWaiters.splice(0)) waiter(message.pid);
      return;
    }
    this.listener?.(message);
  }
}
