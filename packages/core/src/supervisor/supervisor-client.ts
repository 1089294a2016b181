import type { Duplex } from 'node:stream';
import { endOrKill } from '../end-or-kill.js';
import { ContainerError, describeCause } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ResourceUsage } from '../results.js';
import { decodeJson, encodeFrame, encodeJsonFrame, FrameDecoder, FrameType, PROTOCOL_VERSION, type Frame } from './frames.js';

/** One call as the supervisor runs it. */
export interface SupervisorCall {
  readonly argv: readonly string[];
  /** Laid over the sandbox's base environment (or alone, with `clearEnv`). */
  readonly env: Readonly<Record<string, string>>;
  readonly clearEnv?: boolean;
  readonly cwd: string;
  readonly user: string;
  readonly stdin?: Uint8Array | undefined;
  /** Deadline enforced inside the sandbox; undefined: none. */
  readonly timeoutMs?: number | undefined;
  /** Per stream: head forwarded, tail kept, middle dropped (reported through `onDropped`). */
  readonly maxOutputBytes?: number | undefined;
  readonly onStdout?: ((chunk: Uint8Array) => void) | undefined;
  readonly onStderr?: ((chunk: Uint8Array) => void) | undefined;
  readonly onDropped?: ((stream: 'stdout' | 'stderr', bytes: number) => void) | undefined;
  /** Aborting kills the call; the promise then rejects with the reason once its processes are gone. */
  readonly signal?: AbortSignal | undefined;
}

export interface SupervisorExit {
  readonly exitCode: number;
  readonly signal: string;
  readonly timedOut: boolean;
  readonly killed: boolean;
  readonly usage: ResourceUsage;
}

export interface SupervisorConnectOptions {
  /** How long the supervisor waits for a frame before it kills everything and exits. */
  readonly ownerGraceMs: number;
  /** The library created this sandbox: every process but the supervisor dies after each call. */
  readonly owned: boolean;
  readonly logger: Logger;
  readonly handshakeTimeoutMs?: number;
}

interface WireExit {
  exitCode: number;
  signal?: string;
  timedOut?: boolean;
  killed?: boolean;
  usage?: { cpuUserMs?: number; cpuSystemMs?: number; maxRssKB?: number; wallMs?: number };
}

interface WireError {
  code: string;
  message: string;
  exitCode?: number;
}

interface PendingCall {
  readonly call: SupervisorCall;
  readonly resolve: (exit: SupervisorExit) => void;
  readonly reject: (error: unknown) => void;
}

/** Largest stdin frame sent; well under the protocol's maximum payload. */
const STDIN_CHUNK = 64 * 1024;

/**
 * The library's side of the supervisor protocol over one stream: a handshake, heartbeats that
 * keep the dead-owner switch from firing, and calls with their output, exit and resource usage.
 */
export class SupervisorClient {
  private readonly decoder = new FrameDecoder();
  private readonly calls = new Map<number, PendingCall>();
  private nextId = 1;
  private failure: ContainerError | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Waits for the handshake's answer; set until it arrives. */
  private greeting: { resolve: (frame: Frame) => void; reject: (error: unknown) => void } | undefined;

  private constructor(
    private readonly stream: Duplex,
    private readonly logger: Logger,
  ) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('error', (error: Error) => this.fail(`the supervisor connection failed: ${describeCause(error)}`, error));
    stream.on('end', () => this.fail('the supervisor connection ended'));
    stream.on('close', () => this.fail('the supervisor connection closed'));
  }

  /** Opens the protocol on `stream`: the handshake must answer within `handshakeTimeoutMs`. */
  static async connect(stream: Duplex, options: SupervisorConnectOptions): Promise<SupervisorClient> {
    const client = new SupervisorClient(stream, options.logger);
    await client.handshake(options);
    return client;
  }

  get isAlive(): boolean {
    return this.failure === undefined;
  }

  async exec(call: SupervisorCall): Promise<SupervisorExit> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const exit = new Promise<SupervisorExit>((resolve, reject) => this.calls.set(id, { call, resolve, reject }));
    const hasStdin = call.stdin !== undefined && call.stdin.byteLength > 0;
    this.send(
      encodeJsonFrame(FrameType.EXEC, id, {
        argv: call.argv,
        env: Object.entries(call.env).map(([key, value]) => `${key}=${value}`),
        clearEnv: call.clearEnv ?? false,
        cwd: call.cwd,
        user: call.user,
        stdin: hasStdin,
        timeoutMs: call.timeoutMs ?? 0,
        maxOutputBytes: call.maxOutputBytes ?? 0,
      }),
    );
    if (hasStdin && call.stdin) await this.sendStdin(id, call.stdin);
    if (!call.signal) return exit;
    return this.withAbort(id, exit, call.signal);
  }

  /** Stops heartbeats and drops the connection (the sandbox's removal ends the supervisor). */
  close(): void {
    clearInterval(this.heartbeat);
    this.fail('the session closed');
    this.stream.destroy();
  }

  // --- Internal helpers ---

  private async handshake(options: SupervisorConnectOptions): Promise<void> {
    const timeoutMs = options.handshakeTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Frame>((resolve, reject) => {
      this.greeting = { resolve, reject };
      timer = setTimeout(() => reject(new ContainerError(`The sandbox's supervisor did not answer the handshake within ${timeoutMs} ms.`)), timeoutMs);
    });
    this.send(encodeJsonFrame(FrameType.HELLO, 0, { version: PROTOCOL_VERSION, ownerGraceMs: options.ownerGraceMs, owned: options.owned }));
    const frame = await reply.finally(() => clearTimeout(timer));
    if (frame.type === FrameType.ERROR) {
      const error = decodeJson<WireError>(frame);
      throw new ContainerError(`The sandbox's supervisor refused the handshake (${error.code}): ${error.message}. Is the supervisor binary of another llmsb version?`);
    }
    const hello = decodeJson<{ version: number; supervisor?: string }>(frame);
    if (hello.version !== PROTOCOL_VERSION) {
      throw new ContainerError(`The sandbox's supervisor speaks protocol ${hello.version}, this library ${PROTOCOL_VERSION}.`);
    }
    this.logger.debug(`supervisor ${hello.supervisor ?? '?'} connected (protocol ${hello.version})`);
    this.heartbeat = setInterval(() => this.send(encodeFrame(FrameType.PING, 0)), Math.max(250, Math.floor(options.ownerGraceMs / 4)));
    this.heartbeat.unref();
  }

  /** Aborting sends KILL; the supervisor answers with EXIT once every process of the call is gone. */
  private async withAbort(id: number, exit: Promise<SupervisorExit>, signal: AbortSignal): Promise<SupervisorExit> {
    let confirmed = false;
    const ended = exit.then(() => {
      confirmed = true;
    });
    await endOrKill(ended, signal, {
      kill: async () => {
        if (this.isAlive) this.send(encodeFrame(FrameType.KILL, id));
      },
      drop: () => {
        if (!confirmed) this.logger.warn(`the supervisor did not confirm the kill of call ${id} in time`);
      },
    });
    return exit;
  }

  private async sendStdin(id: number, data: Uint8Array): Promise<void> {
    for (let offset = 0; offset < data.byteLength && this.isAlive; offset += STDIN_CHUNK) {
      const ready = this.send(encodeFrame(FrameType.STDIN, id, data.subarray(offset, offset + STDIN_CHUNK)));
      if (!ready) await new Promise((resolve) => this.stream.once('drain', resolve));
    }
    this.send(encodeFrame(FrameType.STDIN_EOF, id));
  }

  private send(frame: Buffer): boolean {
    if (this.failure || this.stream.destroyed) return true;
    return this.stream.write(frame);
  }

  private receive(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      this.fail(`the supervisor sent a malformed frame: ${describeCause(error)}`, error);
      this.stream.destroy();
      return;
    }
    for (const frame of frames) {
      try {
        this.dispatch(frame);
      } catch (error) {
        this.fail(`the supervisor sent a malformed frame: ${describeCause(error)}`, error);
        this.stream.destroy();
        return;
      }
    }
  }

  private dispatch(frame: Frame): void {
    if (this.greeting && frame.id === 0 && (frame.type === FrameType.HELLO_OK || frame.type === FrameType.ERROR)) {
      this.greeting.resolve(frame);
      this.greeting = undefined;
      return;
    }
    if (frame.type === FrameType.PONG) return;
    if (frame.id === 0 && frame.type === FrameType.ERROR) {
      const error = decodeJson<WireError>(frame);
      this.fail(`the supervisor reported a session error (${error.code}): ${error.message}`);
      return;
    }
    const pending = this.calls.get(frame.id);
    if (!pending) return; // A late frame of a call given up on.
    const { call } = pending;
    switch (frame.type) {
      case FrameType.STDOUT:
        call.onStdout?.(frame.payload);
        return;
      case FrameType.STDERR:
        call.onStderr?.(frame.payload);
        return;
      case FrameType.DROPPED: {
        const { stream, bytes } = decodeJson<{ stream: 'stdout' | 'stderr'; bytes: number }>(frame);
        call.onDropped?.(stream, bytes);
        return;
      }
      case FrameType.STARTED:
        return;
      case FrameType.EXIT:
        this.calls.delete(frame.id);
        pending.resolve(toExit(decodeJson<WireExit>(frame)));
        return;
      case FrameType.ERROR:
        this.calls.delete(frame.id);
        this.settleStartFailure(pending, decodeJson<WireError>(frame));
        return;
      default:
        return;
    }
  }

  /**
   * A call that could not start. A missing or non-executable program, a missing workdir or an
   * unknown user end like they do under an engine exec (exit 127 or 126 with a message on stderr).
   */
  private settleStartFailure(pending: PendingCall, error: WireError): void {
    if (error.code === 'spawn' || error.code === 'user' || error.code === 'workdir') {
      pending.call.onStderr?.(Buffer.from(`llmsb: ${error.message}\n`));
      pending.resolve({ exitCode: error.exitCode ?? 126, signal: '', timedOut: false, killed: false, usage: { cpuMs: 0, peakMemoryKB: 0, wallMs: 0 } });
      return;
    }
    pending.reject(new ContainerError(`The sandbox's supervisor refused a call (${error.code}): ${error.message}`));
  }

  private fail(reason: string, cause?: unknown): void {
    if (this.failure) return;
    clearInterval(this.heartbeat);
    this.failure = new ContainerError(
      `The sandbox is unreachable: ${reason}. The container may have been removed or its engine stopped; open a new session.`,
      cause === undefined ? {} : { cause },
    );
    this.greeting?.reject(this.failure);
    this.greeting = undefined;
    for (const pending of this.calls.values()) pending.reject(this.failure);
    this.calls.clear();
  }
}

function toExit(wire: WireExit): SupervisorExit {
  const usage = wire.usage ?? {};
  return {
    exitCode: wire.exitCode,
    signal: wire.signal ?? '',
    timedOut: wire.timedOut ?? false,
    killed: wire.killed ?? false,
    usage: {
      cpuMs: (usage.cpuUserMs ?? 0) + (usage.cpuSystemMs ?? 0),
      peakMemoryKB: usage.maxRssKB ?? 0,
      wallMs: usage.wallMs ?? 0,
    },
  };
}
