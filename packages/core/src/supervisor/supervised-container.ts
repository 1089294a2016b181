import { posix } from 'node:path';
import type { ArchiveLimits } from '../archive-limits.js';
import { getArchiveOverExec, putArchiveOverExec, streamArchiveOverExec, type ArchiveStream } from '../archive-over-exec.js';
import { ContainerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SandboxFiles } from '../sandbox-files.js';
import type { CloseOutcome, ContainerAPI, ExecRequest, ExecResult, PathStat, StdinSource, SupervisorEndpoint } from '../types.js';
import { MAX_PAYLOAD } from './frames.js';
import { SupervisorClient, type FileLimits, type SupervisorFileInfo } from './supervisor-client.js';
import type { SupervisorResident } from './resident.js';

export interface SuperviseOptions {
  readonly ownerGraceMs: number;
  readonly logger: Logger;
}

/**
 * A backend's sandbox with every call served by its supervisor over one stream: no engine exec
 * per call, deadlines and output caps enforced inside, and every process a call started killed
 * and confirmed gone before its result returns. Creation, the network switch and removal stay
 * with the backend's container.
 */
export class SupervisedContainer implements ContainerAPI {
  readonly id: string;
  readonly enforcesTimeouts = true;
  readonly setNetworkAccess?: (online: boolean) => Promise<void>;
  readonly installUser?: string;
  /** The file operations, served by the supervisor as the sandbox user. */
  readonly fileOps: SandboxFiles = {
    readFile: (path, maxBytes) => this.readFile(path, { maxBytes }),
    writeFile: (path, data, mode) => this.writeFile(path, data, { mode }),
    stat: async (path) => toPathStat(await this.stat(path)),
    listFiles: async (path, maxEntries) => (await this.listFiles(path, { maxEntries })).map(toPathStat),
    removeFile: (path) => this.removeFile(path),
  };
  private closing: Promise<CloseOutcome> | undefined;

  private constructor(
    private readonly inner: ContainerAPI,
    private readonly client: SupervisorClient,
    private readonly endpoint: SupervisorEndpoint,
  ) {
    this.id = inner.id;
    if (inner.installUser) this.installUser = inner.installUser;
    if (inner.setNetworkAccess) this.setNetworkAccess = inner.setNetworkAccess.bind(inner);
  }

  /** Connects to the supervisor of `inner`; fails (leaving `inner` to the caller) when it does not answer. */
  static async connect(
    inner: ContainerAPI & Required<Pick<ContainerAPI, 'openSupervisorStream'>>,
    options: SuperviseOptions,
  ): Promise<SupervisedContainer> {
    const endpoint = await inner.openSupervisorStream();
    try {
      const client = await SupervisorClient.connect(endpoint.stream, {
        ownerGraceMs: options.ownerGraceMs,
        owned: endpoint.owned,
        logger: options.logger,
      });
      return new SupervisedContainer(inner, client, endpoint);
    } catch (error) {
      endpoint.stream.destroy();
      throw error;
    }
  }

  /** Whether an exec can carry this content as its `file`: it must fit in one request with room to spare. */
  carries(content: string): boolean {
    return Buffer.byteLength(JSON.stringify(content)) <= MAX_PAYLOAD / 2;
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    return this.call({ ...request, argv: [...(this.endpoint.argvPrefix ?? []), ...request.argv] });
  }

  putArchive(directory: string, tar: StdinSource): Promise<void> {
    return putArchiveOverExec((request) => this.call(request), directory, tar);
  }

  getArchive(path: string): Promise<Uint8Array> {
    return getArchiveOverExec((request) => this.call(request), path);
  }

  getArchiveStream(path: string, limits: ArchiveLimits): ArchiveStream {
    return streamArchiveOverExec((request) => this.call(request), path, limits);
  }

  /** A regular file's bytes, read by the supervisor with the user's permissions (default: the sandbox user). */
  readFile(path: string, options: FileLimits & { user?: string } = {}): Promise<Buffer> {
    return this.explained(() => this.client.readFile(this.absolute(path), options.user ?? this.endpoint.defaultUser, options));
  }

  /** Creates or truncates a file as the user (never through a symlink) and writes `data`. */
  writeFile(path: string, data: Uint8Array, options: FileLimits & { user?: string; mode?: number } = {}): Promise<void> {
    return this.explained(() => this.client.writeFile(this.absolute(path), data, options.user ?? this.endpoint.defaultUser, options));
  }

  stat(path: string, options: { user?: string } = {}): Promise<SupervisorFileInfo> {
    return this.explained(() => this.client.stat(this.absolute(path), options.user ?? this.endpoint.defaultUser));
  }

  listFiles(path: string, options: FileLimits & { user?: string } = {}): Promise<SupervisorFileInfo[]> {
    return this.explained(() => this.client.listFiles(this.absolute(path), options.user ?? this.endpoint.defaultUser, options));
  }

  removeFile(path: string, options: { user?: string } = {}): Promise<void> {
    return this.explained(() => this.client.removeFile(this.absolute(path), options.user ?? this.endpoint.defaultUser));
  }

  /** Starts the sandbox's resident process as the sandbox user (interactive sessions' kernel bridge). */
  startResident(request: {
    argv: readonly string[];
    env?: Record<string, string>;
    onStdout: (chunk: Uint8Array) => void;
    onStderr: (chunk: Uint8Array) => void;
  }): SupervisorResident {
    if (this.closing) throw new ContainerError(`Container ${this.id.slice(0, 12)} was closed.`);
    return this.client.startResident({
      argv: request.argv,
      env: request.env ?? {},
      cwd: this.endpoint.workdir,
      user: this.endpoint.defaultUser,
      onStdout: request.onStdout,
      onStderr: request.onStderr,
    });
  }

  /**
   * Whether runs may fork from a fork server: not where every command is wrapped (micromamba's
   * `micromamba run`), since a forked child would skip the wrapper's environment.
   */
  get forksRuns(): boolean {
    return (this.endpoint.argvPrefix ?? []).length === 0;
  }

  /** Starts the sandbox's fork server as root with exactly `env` (see `WarmStartSpec`). */
  startForkServer(request: { argv: readonly string[]; env: Record<string, string>; onStderr: (chunk: Uint8Array) => void }): SupervisorResident {
    if (this.closing) throw new ContainerError(`Container ${this.id.slice(0, 12)} was closed.`);
    return this.client.startForkServer({ argv: request.argv, env: request.env, clearEnv: true, cwd: '/', user: '0', onStderr: request.onStderr });
  }

  /** Kills every process of the sandbox but the resident and its own children (the kernel); true once confirmed. */
  sweep(): Promise<boolean> {
    return this.client.sweep();
  }

  close(): Promise<CloseOutcome> {
    // The sandbox goes first: dropping the stream first would make the supervisor exit and the
    // engine auto-remove the container while the backend removes it too.
    this.closing ??= this.inner.close().finally(() => this.client.close());
    return this.closing;
  }

  // --- Internal helpers ---

  /** Relative paths are the workdir's. */
  private absolute(path: string): string {
    return posix.resolve(this.endpoint.workdir, path);
  }

  /** A lost stream is explained by the backend when it can say why (evicted, deleted, ...). */
  private async explained<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (this.client.isAlive || !(error instanceof ContainerError) || !this.endpoint.explainLoss) throw error;
      throw await this.endpoint.explainLoss(error);
    }
  }

  private async call(request: ExecRequest): Promise<ExecResult> {
    if (this.closing) throw new ContainerError(`Container ${this.id.slice(0, 12)} was closed.`);
    const exit = await this.explained(() =>
      this.client.exec({
        argv: request.argv,
        env: request.env ?? {},
        ...(request.clearEnv ? { clearEnv: true } : {}),
        cwd: request.workdir ?? this.endpoint.workdir,
        user: request.user ?? this.endpoint.defaultUser,
        stdin: request.stdin,
        timeoutMs: request.timeoutMs,
        maxOutputBytes: request.maxOutputBytes,
        onStdout: request.onStdout,
        onStderr: request.onStderr,
        onDropped: request.onOutputDropped,
        onOutputFlow: request.onOutputFlow,
        signal: request.signal,
        warm: request.warm,
        file: request.file,
      }),
    );
    return { exitCode: exit.exitCode, usage: exit.usage, ...(exit.timedOut ? { timedOut: true } : {}) };
  }
}

function toPathStat(info: SupervisorFileInfo): PathStat {
  return {
    name: info.name,
    type: info.type,
    size: info.size,
    mode: info.mode,
    mtime: new Date(info.mtimeMs),
    ...(info.linkTarget !== undefined ? { linkTarget: info.linkTarget } : {}),
  };
}
