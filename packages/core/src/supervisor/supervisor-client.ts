import type { Duplex } from 'node:stream';
import { endOrKill } from '../end-or-kill.js';
import { ContainerError, describeCause } from '../errors.js';
import type { Logger } from '../logger.js';
import { callHandler, type SupervisorCall, type SupervisorExit } from './call-handler.js';
import { fileHandler, type FileAnswer, type FileLimits, type SupervisorFileInfo } from './file-handler.js';
import { decodeJson, encodeFrame, encodeJsonFrame, FrameDecoder, FrameType, PROTOCOL_VERSION, type Frame } from './frames.js';
import { hasStdin, stdinChunks } from '../stdin-source.js';
import type { StdinSource } from '../types.js';
import type { RequestHandler, WireError } from './wire.js';
import type { ResidentCall, SupervisorResident } from './resident.js';

export type { SupervisorCall, SupervisorExit } from './call-handler.js';
export type { FileLimits, SupervisorFileInfo } from './file-handler.js';

export interface SupervisorConnectOptions {
  /** How long the supervisor waits for a frame before it kills everything and exits. */
  readonly ownerGraceMs: number;
  /** The library created this sandbox: every process but the supervisor dies after each call. */
  readonly owned: boolean;
  readonly logger: Logger;
  readonly handshakeTimeoutMs?: number;
}

/** Largest stdin frame sent; well under the protocol's maximum payload. */
const STDIN_CHUNK = 64 * 1024;

/**
 * The library's side of the supervisor protocol over one stream: a handshake, heartbeats that
 * keep the dead-owner switch from firing, calls with their output, exit and resource usage, and
 * file operations done by the supervisor with the requesting user's permissions.
 */
export class SupervisorClient {
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, RequestHandler>();
  private nextId = 1;
  private failure: ContainerError | undefined;
  /** Run once when the connection fails (writers waiting for 'drain' stop waiting). */
  private readonly onFailure = new Set<() => void>();
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
    const withStdin = hasStdin(call.stdin);
    const { id, answer } = this.request<SupervisorExit>(FrameType.EXEC, (resolve, reject) => callHandler(call, resolve, reject), {
      ...execBody(call),
      stdin: withStdin,
      timeoutMs: call.timeoutMs ?? 0,
      warm: call.warm ?? false,
      ...(call.file ? { file: call.file } : {}),
    });
    // Pausing stops reading every frame: the supervisor queues control frames without limit and
    // blocks only the call's data, so heartbeats keep flowing while the call waits.
    call.onOutputFlow?.({ pause: () => this.stream.pause(), resume: () => this.stream.resume() });
    if (withStdin && call.stdin) await this.sendStdin(id, call.stdin);
    if (!call.signal) return answer;
    return this.withAbort(id, answer, call.signal);
  }

  /** Starts the session's resident: a process the end of a call does not kill (see resident.ts). */
  startResident(call: ResidentCall): SupervisorResident {
    const { id, answer } = this.request<SupervisorExit>(FrameType.EXEC, (resolve, reject) => callHandler(call, resolve, reject), {
      ...execBody(call),
      stdin: true,
      resident: true,
    });
    return {
      id,
      exit: answer,
      write: (data) => {
        for (let offset = 0; offset < data.byteLength; offset += STDIN_CHUNK)
          this.send(encodeFrame(FrameType.STDIN, id, data.subarray(offset, offset + STDIN_CHUNK)));
      },
      kill: () => this.send(encodeFrame(FrameType.KILL, id)),
    };
  }

  /** Starts the session's fork server (root, no stdin): warm calls fork from it once it is ready. */
  startForkServer(call: ResidentCall): SupervisorResident {
    const { id, answer } = this.request<SupervisorExit>(FrameType.EXEC, (resolve, reject) => callHandler(call, resolve, reject), {
      ...execBody(call),
      stdin: false,
      forkServer: true,
    });
    return { id, exit: answer, write: () => undefined, kill: () => this.send(encodeFrame(FrameType.KILL, id)) };
  }

  /**
   * Kills every process except the supervisor, the resident and the resident's own children; true
   * once confirmed. While a call runs the supervisor refuses (its end does the same kill): true.
   */
  async sweep(): Promise<boolean> {
    const { answer } = this.request<boolean>(
      FrameType.SWEEP,
      (resolve, reject) => ({
        fail: reject,
        frame(frame) {
          if (frame.type === FrameType.SWEPT) resolve(decodeJson<{ ok: boolean }>(frame).ok);
          // A call is running: its end kills the same processes, and confirms it.
          else if (frame.type === FrameType.ERROR && decodeJson<WireError>(frame).code === 'busy') resolve(true);
          else if (frame.type === FrameType.ERROR)
            reject(new ContainerError(`The sandbox's supervisor refused a sweep: ${decodeJson<WireError>(frame).message}`));
          else return false;
          return true;
        },
      }),
      undefined,
    );
    return answer;
  }

  /** A regular file's bytes, read with `user`'s permissions. */
  async readFile(path: string, user: string, limits: FileLimits = {}): Promise<Buffer> {
    return (await this.fileRequest(FrameType.FILE_READ, path, { path, user, maxBytes: limits.maxBytes ?? 0 }).answer).data;
  }

  /** Creates or truncates a file as `user` (never through a symlink) and writes `data`. */
  async writeFile(path: string, data: Uint8Array, user: string, options: FileLimits & { mode?: number } = {}): Promise<void> {
    const { id, answer } = this.fileRequest(FrameType.FILE_WRITE, path, { path, user, mode: options.mode ?? 0o644, maxBytes: options.maxBytes ?? 0 });
    await this.sendStdin(id, data);
    await answer;
  }

  /** A path's metadata (`lstat`), as `user` sees it. */
  async stat(path: string, user: string): Promise<SupervisorFileInfo> {
    return (await this.fileRequest(FrameType.FILE_STAT, path, { path, user }).answer).body as unknown as SupervisorFileInfo;
  }

  /** A directory's entries sorted by name, as `user` sees them. */
  async listFiles(path: string, user: string, limits: FileLimits = {}): Promise<SupervisorFileInfo[]> {
    const { body } = await this.fileRequest(FrameType.FILE_LIST, path, { path, user, maxEntries: limits.maxEntries ?? 0 }).answer;
    return (body['entries'] ?? []) as SupervisorFileInfo[];
  }

  /** Unlinks a file (a symlink itself, never a directory) with `user`'s permissions. */
  async removeFile(path: string, user: string): Promise<void> {
    await this.fileRequest(FrameType.FILE_REMOVE, path, { path, user }).answer;
  }

  /** Stops heartbeats and drops the connection (the sandbox's removal ends the supervisor). */
  close(): void {
    clearInterval(this.heartbeat);
    this.fail('the session closed');
    this.stream.destroy();
  }

  // --- Internal helpers ---

  /** Registers a request's handler, then sends its first frame (`type` with a JSON body). */
  private request<T>(
    type: FrameType,
    handler: (resolve: (value: T) => void, reject: (error: unknown) => void) => RequestHandler,
    body: unknown,
  ): { id: number; answer: Promise<T> } {
    if (this.failure) return { id: 0, answer: Promise.reject(this.failure) };
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, handler(resolve, reject)));
    // The connection can fail while the caller still sends stdin, before it awaits the answer: a
    // rejection then must not be unhandled (it would end the host process). Callers still get it.
    answer.catch(() => undefined);
    this.send(body === undefined ? encodeFrame(type, id) : encodeJsonFrame(type, id, body));
    return { id, answer };
  }

  private fileRequest(type: FrameType, path: string, body: FileLimits & Record<string, unknown>): { id: number; answer: Promise<FileAnswer> } {
    return this.request<FileAnswer>(type, (resolve, reject) => fileHandler(path, resolve, reject, body), body);
  }

  private async handshake(options: SupervisorConnectOptions): Promise<void> {
    const timeoutMs = options.handshakeTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Frame>((resolve, reject) => {
      this.greeting = { resolve, reject };
      timer = setTimeout(
        () => reject(new ContainerError(`The sandbox's supervisor did not answer the handshake within ${timeoutMs} ms.`)),
        timeoutMs,
      );
    });
    this.send(encodeJsonFrame(FrameType.HELLO, 0, { version: PROTOCOL_VERSION, ownerGraceMs: options.ownerGraceMs, owned: options.owned }));
    const frame = await reply.finally(() => clearTimeout(timer));
    if (frame.type === FrameType.ERROR) {
      const error = decodeJson<WireError>(frame);
      throw new ContainerError(
        `The sandbox's supervisor refused the handshake (${error.code}): ${error.message}. Is the supervisor binary of another llmsb version?`,
      );
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

  private async sendStdin(id: number, source: StdinSource): Promise<void> {
    for await (const data of stdinChunks(source)) {
      for (let offset = 0; offset < data.byteLength && this.isAlive; offset += STDIN_CHUNK) {
        const ready = this.send(encodeFrame(FrameType.STDIN, id, data.subarray(offset, offset + STDIN_CHUNK)));
        if (!ready) await this.drained();
      }
      if (!this.isAlive) return;
    }
    this.send(encodeFrame(FrameType.STDIN_EOF, id));
  }

  /** Resolves once the stream takes more data, or once the connection failed (no 'drain' comes then). */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.onFailure.delete(done);
        resolve();
      };
      this.stream.once('drain', done);
      this.onFailure.add(done);
    });
  }

  private send(frame: Buffer): boolean {
    if (this.failure || this.stream.destroyed) return true;
    return this.stream.write(frame);
  }

  private receive(chunk: Buffer): void {
    try {
      for (const frame of this.decoder.push(chunk)) this.dispatch(frame);
    } catch (error) {
      this.fail(`the supervisor sent a malformed frame: ${describeCause(error)}`, error);
      this.stream.destroy();
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
    const handler = this.pending.get(frame.id);
    // No handler: a late frame of a request given up on.
    if (handler?.frame(frame)) this.pending.delete(frame.id);
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
    for (const handler of this.pending.values()) handler.fail(this.failure);
    this.pending.clear();
    for (const wake of [...this.onFailure]) wake();
  }
}

/** The EXEC request fields a call and the resident share. */
function execBody(call: ResidentCall) {
  return {
    argv: call.argv,
    env: Object.entries(call.env).map(([key, value]) => `${key}=${value}`),
    clearEnv: call.clearEnv ?? false,
    cwd: call.cwd,
    user: call.user,
    maxOutputBytes: call.maxOutputBytes ?? 0,
  };
}
