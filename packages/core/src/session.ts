import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { ScanResult } from '@llmsb/security';
import { execCollected, execSequence, type CollectOptions, type SequenceStep } from './collected-exec.js';
import { explainExit } from './explain-exit.js';
import {
  ArchiveLimitError,
  CommandEmptyError,
  LibraryInstallationNotSupportedError,
  NotOpenSessionError,
  PackageManagerError,
  ResourceError,
  SandboxTimeoutError,
  SecurityError,
  ValidationError,
} from './errors.js';
import { silentLogger, stderrLogger, type Logger } from './logger.js';
import { parseSessionOptions, type ResolvedSessionOptions, type SessionOptions } from './options.js';
import { LABELS, ownerLabels } from './owner.js';
import { defaultRegistry, type PluginRegistry } from './registry.js';
import type { ConsoleOutput } from './results.js';
import { runScripts } from './run-script.js';
import { checkBeforeStart, scanForLanguage } from './security-gate.js';
import { SerialQueue } from './serial-queue.js';
import { SupervisedContainer } from './supervisor/supervised-container.js';
import { shArgv, shellQuote } from './shell.js';
import { readTar, statFromTar } from './tar.js';
import { extractStreamSafely, packHostPathStream } from './host-transfer.js';
import { ArchiveBudget, type ArchiveLimits } from './archive-limits.js';
import { collectArchive, type ArchiveStream } from './archive-over-exec.js';
import { filesOverExec, type SandboxFiles } from './sandbox-files.js';
import { PassThrough, type Readable } from 'node:stream';
import { endInstallerProcesses, installIdentity } from './install-step.js';
import { isRootUser, ROOT_STEP_WORKDIR, rootStepEnvironment } from './root-step.js';
import type { BackendPlugin, CloseOutcome, ContainerAPI, ExecRequest, LanguageHandler, PathStat } from './types.js';
import { LIBRARY_VERSION } from './version.js';
import { WarmStart, warmRunSteps } from './warm-start.js';

export interface CallOptions {
  /** Overrides the session's timeout for this call; `null` disables it. */
  readonly timeoutMs?: number | null;
  /** Receives stdout text as it arrives (UTF-8 decoded across chunks). */
  readonly onStdout?: (text: string) => void;
  readonly onStderr?: (text: string) => void;
  /** Aborting kills the call's processes and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface RunOptions extends CallOptions {
  /** Installed before the code runs. */
  readonly libraries?: readonly string[];
}

export interface CommandOptions extends CallOptions {
  /** Working directory; default: the session's workdir. */
  readonly workdir?: string;
  /** User to run as; default: the sandbox's user. */
  readonly user?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** A command: a string runs through `/bin/sh -c`, an argv array runs without a shell. */
export type Command = string | readonly string[];

export interface ArchiveResult {
  readonly tar: Uint8Array;
  readonly stat: PathStat;
}

const INSTALL_TIMEOUT_MS = 600_000;

/**
 * A sandbox session: one container (or pod, ...) running one language. Every operation is
 * serialised, so concurrent calls queue up and each gets its own correct result.
 */
export class Session implements AsyncDisposable {
  readonly options: ResolvedSessionOptions;
  readonly id: string = randomBytes(6).toString('hex');
  private readonly registry: PluginRegistry;
  private readonly logger: Logger;
  private readonly queue = new SerialQueue();
  private state: 'new' | 'opening' | 'open' | 'closed' = 'new';
  private closedReason = 'Session is not open';
  private container: ContainerAPI | undefined;
  private language: LanguageHandler | undefined;
  private backendPlugin: BackendPlugin | undefined;
  /** The fork server runs fork from, with `warmStart`. */
  private warm: WarmStart | undefined;
  private sessionTimer: NodeJS.Timeout | undefined;
  private closing: Promise<CloseOutcome> | undefined;
  /** Set when the session's lifetime ended the sandbox. */
  private expiredAfterMs: number | undefined;

  constructor(options: SessionOptions = {}, registry: PluginRegistry = defaultRegistry) {
    this.options = parseSessionOptions(options);
    this.registry = registry;
    this.logger = this.options.logger ?? (this.options.verbose ? stderrLogger : silentLogger);
  }

  /** The backend's id of the sandbox (container id, pod name); undefined until open. */
  get containerId(): string | undefined {
    return this.container?.id;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  get languageHandler(): LanguageHandler {
    if (!this.language) throw new NotOpenSessionError(this.closedReason);
    return this.language;
  }

  /** The sandbox's supervised container, when calls go through the supervisor (interactive sessions build on it). */
  get supervisedContainer(): SupervisedContainer | undefined {
    return this.container instanceof SupervisedContainer ? this.container : undefined;
  }

  /** How calls reach the sandbox: over the in-sandbox supervisor's stream, or one engine exec each. */
  get execPath(): 'supervisor' | 'engine-exec' {
    return this.container instanceof SupervisedContainer ? 'supervisor' : 'engine-exec';
  }

  get backend(): BackendPlugin {
    if (!this.backendPlugin) throw new NotOpenSessionError(this.closedReason);
    return this.backendPlugin;
  }

  /** Starts (or attaches to) the sandbox and installs the session's `libraries`. */
  async open(): Promise<this> {
    if (this.state !== 'new') throw new ValidationError(`Session is already ${this.state}; open() works once.`);
    this.state = 'opening';
    try {
      this.language = await this.registry.language(this.options.lang);
      this.backendPlugin = await this.registry.backend(this.options.backend);
      this.container = await this.backendPlugin.open({
        language: this.language,
        ...(this.options.image ? { image: this.options.image } : {}),
        ...(this.options.dockerfile ? { dockerfile: this.options.dockerfile } : {}),
        ...(this.options.containerId ? { containerId: this.options.containerId } : {}),
        ...(this.options.client !== undefined ? { client: this.options.client } : {}),
        workdir: this.options.workdir,
        runtimeConfig: this.options.runtimeConfig,
        keepTemplate: this.options.keepTemplate,
        commitContainer: this.options.commitContainer,
        buildMissingImage: this.options.buildMissingImage,
        supervisor: this.options.supervisor,
        ...(typeof this.options.sessionTimeoutMs === 'number' ? { sessionTimeoutMs: this.options.sessionTimeoutMs } : {}),
        labels: this.labels(this.language.name),
        logger: this.logger,
      });
      this.container = await this.supervise(this.container);
      this.state = 'open';
      this.startSessionTimer();
      if (this.options.libraries.length > 0) await this.install(this.options.libraries);
      this.startWarm();
      return this;
    } catch (error) {
      await this.close().catch(() => undefined);
      this.closedReason = 'Session failed to open';
      throw error;
    }
  }

  /** Runs source code; a failing program is a result with a non-zero `exitCode`, not an error. */
  async run(code: string, options: RunOptions = {}): Promise<ConsoleOutput> {
    const container = this.requireOpen();
    this.checkPolicy('the code', code, options.libraries ?? []);
    return this.queued(async () => {
      this.requireOpen();
      if (options.libraries && options.libraries.length > 0) await this.installNow(options.libraries, options);
      const language = this.languageHandler;
      const file = posix.join(this.options.workdir, `llmsb_${randomBytes(8).toString('hex')}.${language.fileExtension}`);
      const timeoutMs = pick(options.timeoutMs, this.options.executionTimeoutMs, this.options.defaultTimeoutMs);
      const supervised = container instanceof SupervisedContainer ? container : undefined;
      const warmSpec = this.warm ? language.warmStart : undefined;
      const steps: SequenceStep[] = warmSpec
        ? warmRunSteps(warmSpec, file, this.env())
        : supervised
          ? language.runCommands(file).map((command) => ({ argv: shArgv(command, file), env: this.env() }))
          : runScripts(language.runCommands(file)).map((script, index) => ({
              argv: shArgv(script, file),
              env: this.env(),
              ...(index === 0 ? { stdin: Buffer.from(code) } : {}),
            }));
      // Under the supervisor each run starts only the language's own processes: a single step
      // carries the code file in its request (written before it starts, removed after it ends);
      // otherwise file operations write and remove it. Without the supervisor the first step's
      // script writes it from stdin and the last removes it.
      const [only, ...rest] = steps;
      const carried = supervised !== undefined && only !== undefined && rest.length === 0 && supervised.carries(code);
      if (carried) steps[0] = { ...only, file: { path: file, content: code } };
      else if (supervised) await supervised.writeFile(file, Buffer.from(code));
      try {
        const { output, failedIndex } = await execSequence(container, steps, this.collectOptions(options, timeoutMs, 'Run'));
        // A warm run is one step of the language's (its frame's steps are not the language's).
        const failedStep = failedIndex === undefined || warmSpec ? undefined : (language.runStepNames?.[failedIndex] ?? `step ${failedIndex + 1}`);
        return explainExit(failedStep ? { ...output, failedStep } : output, this.options.runtimeConfig.memoryMB);
      } catch (error) {
        if (!supervised && error instanceof SandboxTimeoutError) await this.removeQuietly(container, file);
        throw error;
      } finally {
        if (supervised && !carried) await supervised.removeFile(file).catch(() => undefined);
      }
    });
  }

  /** Installs libraries with the language's package manager; a failed install throws. */
  async install(libraries: readonly string[], options: CallOptions = {}): Promise<void> {
    this.requireOpen();
    this.checkPolicy(`installing ${libraries.join(', ')}`, undefined, libraries);
    return this.queued(() => this.installNow(libraries, options));
  }

  /**
   * Checks code against the session's security policy without running it; needs no engine. It
   * needs the language handler: before `open()` that works when `lang` is a plugin object
   * (`lang: python()`), otherwise it throws `NotOpenSessionError` until the session is open.
   */
  isSafe(code: string): ScanResult {
    const policy = this.options.securityPolicy;
    if (!policy) return { safe: true, violations: [] };
    const language = this.language ?? (typeof this.options.lang === 'string' ? undefined : this.options.lang);
    if (!language) throw new NotOpenSessionError(`isSafe() needs the "${String(this.options.lang)}" language handler, which loads at open()`);
    return scanForLanguage(code, policy, language);
  }

  /** Runs one command. A string goes through `/bin/sh -c`; an argv array runs without a shell. */
  async executeCommand(command: Command, options: CommandOptions = {}): Promise<ConsoleOutput> {
    const container = this.requireOpen();
    const argv = toArgv(command);
    return this.queued(() => {
      this.requireOpen();
      const asRoot = options.user !== undefined && isRootUser(options.user);
      return execCollected(
        container,
        {
          argv,
          ...(asRoot ? rootStep(options.env, options.workdir) : { env: { ...this.env(), ...options.env } }),
          ...(options.workdir ? { workdir: options.workdir } : {}),
          ...(options.user ? { user: options.user } : {}),
        },
        this.collectOptions(options, pick(options.timeoutMs, undefined, this.options.defaultTimeoutMs), `Command "${describe(command)}"`),
      );
    });
  }

  /** Runs commands in order and stops at the first failure, returning its output (else the last one's). */
  async executeCommands(
    commands: readonly (Command | { readonly command: Command; readonly workdir?: string })[],
    options: CommandOptions = {},
  ): Promise<ConsoleOutput> {
    let last: ConsoleOutput = { exitCode: 0, stdout: '', stderr: '', success: true };
    for (const item of commands) {
      const { command, workdir } =
        typeof item === 'string' || Array.isArray(item)
          ? { command: item as Command, workdir: undefined }
          : (item as { command: Command; workdir?: string });
      last = await this.executeCommand(command, { ...options, ...(workdir ? { workdir } : {}) });
      if (last.exitCode !== 0) return last;
    }
    return last;
  }

  /**
   * Copies a host file or directory into the sandbox at `destination`, streamed (never whole in
   * memory). Past `maxArchiveBytes` / `maxArchiveEntries` it is `ArchiveLimitError` before a byte is sent.
   */
  async copyToRuntime(source: string, destination: string): Promise<void> {
    const container = this.requireOpen();
    const target = this.sandboxPath(destination);
    return this.queued(async () => {
      this.requireOpen();
      const tar = await packHostPathStream(source, posix.basename(target), this.archiveLimits);
      await container.putArchive(posix.dirname(target), tar);
    });
  }

  /**
   * Copies a sandbox file to exactly `destination`, or a directory to `destination/<name>/`,
   * streamed to disk. Past `maxArchiveBytes` (apparent sizes: a sparse file counts in full) or
   * `maxArchiveEntries` it is `ArchiveLimitError`, and nothing of the copy is left in `destination`.
   */
  async copyFromRuntime(source: string, destination: string): Promise<void> {
    const container = this.requireOpen();
    const target = this.sandboxPath(source);
    return this.queued(async () => {
      this.requireOpen();
      const { tar, done } = this.archiveStream(container, target);
      // Both settle before this returns, so a failed copy has removed its staging folder.
      const [extracted, transferred] = await Promise.allSettled([extractStreamSafely(tar, destination), done]);
      if (transferred.status === 'rejected') throw transferred.reason;
      if (extracted.status === 'rejected') throw extracted.reason;
      const report = extracted.value;
      if (report.skipped.length > 0) this.logger.warn(`unsafe archive entries not written: ${report.skipped.join(', ')}`);
      if (report.written.length === 0 && report.skipped.length > 0) {
        throw new SecurityError(`Nothing safe to copy from ${source}: every entry was a link or escaped the destination.`);
      }
    });
  }

  /** A tar of a sandbox path and the path's metadata, in memory: bounded by `maxArchiveBytes` / `maxArchiveEntries`. */
  async getArchive(path: string): Promise<ArchiveResult> {
    const container = this.requireOpen();
    const target = this.sandboxPath(path);
    return this.queued(async () => {
      this.requireOpen();
      const archive = await collectArchive(this.archiveStream(container, target));
      return { tar: archive, stat: await statFromTar(archive) };
    });
  }

  /**
   * A tar of a sandbox path as a stream, for callers that write it somewhere themselves. It fails
   * with `ArchiveLimitError` past the session's limits. The sandbox sends only as fast as it is
   * read: later calls wait until the stream has been read to its end or destroyed.
   */
  async getArchiveStream(path: string): Promise<Readable> {
    const container = this.requireOpen();
    const target = this.sandboxPath(path);
    return new Promise((resolve, reject) => {
      this.queued(async () => {
        this.requireOpen();
        const { tar, done } = this.archiveStream(container, target);
        resolve(tar);
        await done.catch(() => undefined);
      }).catch(reject);
    });
  }

  /** A regular file's bytes (up to `maxArchiveBytes`, else `ArchiveLimitError`); `SandboxFileNotFoundError` when missing. */
  async readFile(path: string): Promise<Uint8Array> {
    const target = this.sandboxPath(path);
    return this.fileOperation((files) => files.readFile(target, this.archiveLimits.maxBytes));
  }

  /**
   * Creates or replaces a file with `data` (text is written as UTF-8), as the sandbox user. A
   * symlink at `path` is refused (`SecurityError`), never followed; the parent folder must exist.
   */
  async writeFile(path: string, data: Uint8Array | string, options: { readonly mode?: number } = {}): Promise<void> {
    const target = this.sandboxPath(path);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (bytes.byteLength > this.archiveLimits.maxBytes) throw new ArchiveLimitError(target, 'maxArchiveBytes', this.archiveLimits.maxBytes);
    const mode = options.mode ?? 0o644;
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777)
      throw new ValidationError(`writeFile mode must be a permission number like 0o644, got ${String(options.mode)}.`);
    return this.fileOperation((files) => files.writeFile(target, bytes, mode));
  }

  /** Metadata of a path (a symlink itself, not its target). */
  async stat(path: string): Promise<PathStat> {
    const target = this.sandboxPath(path);
    return this.fileOperation((files) => files.stat(target));
  }

  /** A directory's entries (name, type, size, mode, mtime), sorted by name; up to `maxArchiveEntries`. */
  async listFiles(path: string): Promise<PathStat[]> {
    const target = this.sandboxPath(path);
    return this.fileOperation((files) => files.listFiles(target, this.archiveLimits.maxEntries));
  }

  /** Removes a file or symlink (never a directory). */
  async removeFile(path: string): Promise<void> {
    const target = this.sandboxPath(path);
    return this.fileOperation((files) => files.removeFile(target));
  }

  /**
   * Removes the sandbox (or detaches from an attached one). Idempotent; resolves with the tag of
   * the committed image when `commitContainer` was set.
   */
  close(): Promise<CloseOutcome> {
    if (this.closing) return this.closing;
    clearTimeout(this.sessionTimer);
    const container = this.container;
    this.state = 'closed';
    this.closing = container ? container.close() : Promise.resolve({});
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // --- Internal helpers ---

  private async installNow(libraries: readonly string[], options: CallOptions): Promise<void> {
    const container = this.requireOpen();
    const language = this.languageHandler;
    if (!language.installCommand) throw new LibraryInstallationNotSupportedError(language.name);
    const invalid = libraries.filter((name) => !(language.validateLibraryName?.(name) ?? true));
    if (invalid.length > 0) {
      throw new ValidationError(`Invalid ${language.name} library name(s): ${invalid.join(', ')}. Nothing was installed.`);
    }
    const command = language.installCommand(libraries);
    const identity = installIdentity(container, language, this.env());
    const result = await this.withInstallNetwork(container, async () => {
      const collect = this.collectOptions(options, pick(options.timeoutMs, undefined, INSTALL_TIMEOUT_MS), `Installing ${libraries.join(', ')}`);
      const outcome = await execCollected(container, { argv: shArgv(command), ...identity }, collect).catch(async (error: unknown) => {
        await endInstallerProcesses(container, identity).catch(() => undefined);
        throw error;
      });
      await endInstallerProcesses(container, identity);
      return outcome;
    }).finally(() => this.warm?.restart());
    if (result.exitCode !== 0) {
      throw new PackageManagerError(command, result.exitCode, `${result.stdout}${result.stderr}`.slice(-4000));
    }
  }

  /** With `warmStart`, starts the language's fork server in the background (see WarmStart). */
  private startWarm(): void {
    const spec = this.language?.warmStart;
    const supervised = this.supervisedContainer;
    if (!this.options.warmStart || !spec || !supervised?.forksRuns) return;
    const ahead = WarmStart.takeOver(supervised, this.logger);
    this.warm = ahead ?? new WarmStart(supervised, spec, this.logger);
    // A pool's server predates the libraries open() just installed: it must see them.
    if (ahead && this.options.libraries.length > 0) void this.warm.restart();
    else this.warm.start();
  }

  /** Serves calls through the sandbox's supervisor when asked for and the backend offers one. */
  private async supervise(container: ContainerAPI): Promise<ContainerAPI> {
    if (!this.options.supervisor) return container;
    if (!hasSupervisor(container)) {
      this.logger.info(
        `sandbox ${container.id.slice(0, 12)} has no supervisor (the ${this.backend.name} backend offers none for it); calls use engine exec`,
      );
      return container;
    }
    try {
      return await SupervisedContainer.connect(container, { ownerGraceMs: this.options.ownerGraceMs, logger: this.logger });
    } catch (error) {
      await container.close().catch(() => undefined);
      throw error;
    }
  }

  /** With `network: 'install'` the sandbox is online only for the duration of `task`. */
  private async withInstallNetwork<T>(container: ContainerAPI, task: () => Promise<T>): Promise<T> {
    if (this.options.runtimeConfig.network !== 'install') return task();
    const setNetworkAccess = container.setNetworkAccess?.bind(container);
    if (!setNetworkAccess) {
      throw new ResourceError(`The ${this.backend.name} backend cannot switch the network for installs; use network 'bridge' or 'none'.`);
    }
    await setNetworkAccess(true);
    try {
      return await task();
    } finally {
      await setNetworkAccess(false);
    }
  }

  /** Refuses (or, in advise mode, reports) code and libraries the policy blocks, before anything starts. */
  private checkPolicy(what: string, code: string | undefined, libraries: readonly string[]): void {
    const { securityPolicy: policy, securityMode: mode } = this.options;
    checkBeforeStart({ policy, mode, logger: this.logger, language: this.languageHandler }, what, code, libraries);
  }

  private get archiveLimits(): ArchiveLimits {
    return { maxBytes: this.options.maxArchiveBytes, maxEntries: this.options.maxArchiveEntries };
  }

  /** The sandbox's tar stream of `path`, checked against the session's limits as it goes. */
  private archiveStream(container: ContainerAPI, path: string): ArchiveStream {
    if (container.getArchiveStream) return container.getArchiveStream(path, this.archiveLimits);
    // A backend without streaming: read the whole tar, then apply the same limits to it.
    const tar = new PassThrough();
    const done = container.getArchive(path).then(async (archive) => {
      const budget = new ArchiveBudget(path, this.archiveLimits);
      for (const { header } of await readTar(archive)) budget.add(header.size ?? 0);
      tar.end(archive);
    });
    done.catch((error: unknown) => tar.destroy(error as Error));
    return { tar, done };
  }

  private fileOperation<T>(operation: (files: SandboxFiles) => Promise<T>): Promise<T> {
    const container = this.requireOpen();
    return this.queued(() => {
      this.requireOpen();
      return operation(container.fileOps ?? filesOverExec((request) => container.exec(request)));
    });
  }

  private requireOpen(): ContainerAPI {
    if (this.state !== 'open' || !this.container) throw new NotOpenSessionError(this.closedReason);
    return this.container;
  }

  private collectOptions(options: CallOptions, timeoutMs: number | null, what: string): CollectOptions {
    return {
      timeoutMs,
      signal: options.signal,
      onStdout: options.onStdout,
      onStderr: options.onStderr,
      maxOutputBytes: this.options.maxOutputBytes,
      encodingErrors: this.options.encodingErrors,
      logger: this.logger,
      stream: this.options.stream,
      what,
    };
  }

  private env(): Record<string, string> {
    return { ...this.language?.env, ...this.options.runtimeConfig.env };
  }

  private labels(language: string): Record<string, string> {
    return {
      [LABELS.managed]: 'true',
      [LABELS.session]: this.id,
      [LABELS.language]: language,
      [LABELS.version]: LIBRARY_VERSION,
      [LABELS.createdAt]: new Date().toISOString(),
      ...ownerLabels(),
    };
  }

  /** Resolves a sandbox path against the workdir and refuses `..` components. */
  private sandboxPath(path: string): string {
    if (path.split('/').includes('..')) throw new SecurityError(`Path traversal detected in sandbox path: ${path}`);
    return posix.resolve(this.options.workdir, path);
  }

  private startSessionTimer(): void {
    const limit = this.options.sessionTimeoutMs;
    if (limit === undefined || limit === null) return;
    this.sessionTimer = setTimeout(() => {
      this.logger.info(`session ${this.id} reached its ${limit} ms lifetime; removing the sandbox`);
      this.expiredAfterMs = limit;
      this.closedReason = `Session timed out after its ${limit} ms lifetime`;
      void this.close().catch((error: unknown) => this.logger.warn('closing after the session timeout failed', error));
    }, limit);
    this.sessionTimer.unref();
  }

  /**
   * Queues a task on the sandbox. A task that the session's lifetime cut short settles only once
   * the sandbox is gone, and always as a `SandboxTimeoutError` (with the output it had, if any),
   * so callers never see a half-removed container or a result from a killed program.
   */
  private async queued<T>(task: () => Promise<T>): Promise<T> {
    let startedBeforeExpiry = false;
    const outcome = await this.queue
      .run(() => {
        startedBeforeExpiry = this.expiredAfterMs === undefined;
        return task();
      })
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    const expiredDuringTask = startedBeforeExpiry && this.expiredAfterMs !== undefined;
    if (!expiredDuringTask) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    // The lifetime timer set `closing` when it set `expiredAfterMs`.
    await this.closing?.catch(() => undefined);
    if ('error' in outcome) {
      if (outcome.error instanceof SandboxTimeoutError) throw outcome.error;
      throw new SandboxTimeoutError(this.closedReason, { timeoutMs: this.expiredAfterMs, cause: outcome.error });
    }
    const partial = outcome.value as Partial<ConsoleOutput> | undefined;
    throw new SandboxTimeoutError(this.closedReason, {
      timeoutMs: this.expiredAfterMs,
      stdout: typeof partial?.stdout === 'string' ? partial.stdout : '',
      stderr: typeof partial?.stderr === 'string' ? partial.stderr : '',
    });
  }

  private async removeQuietly(container: ContainerAPI, file: string): Promise<void> {
    await container.exec({ argv: shArgv(`rm -f ${shellQuote(file)}`) }).catch(() => undefined);
  }
}

// --- Internal helpers ---

/** Timeout precedence: the first value that is not undefined wins; null disables. */
function pick(...candidates: readonly (number | null | undefined)[]): number | null {
  for (const candidate of candidates) if (candidate !== undefined) return candidate;
  return null;
}

/** Environment and directory of a step that runs as root (see root-step.ts). */
function rootStep(env?: Readonly<Record<string, string>>, workdir?: string): Pick<ExecRequest, 'env' | 'clearEnv' | 'workdir'> {
  return { env: rootStepEnvironment(env), clearEnv: true, workdir: workdir ?? ROOT_STEP_WORKDIR };
}

function hasSupervisor(container: ContainerAPI): container is ContainerAPI & Required<Pick<ContainerAPI, 'openSupervisorStream'>> {
  return typeof container.openSupervisorStream === 'function';
}

function toArgv(command: Command): string[] {
  if (typeof command === 'string') {
    if (command.trim() === '') throw new CommandEmptyError();
    return ['/bin/sh', '-c', command];
  }
  if (command.length === 0 || command[0] === '') throw new CommandEmptyError();
  return [...command];
}

function describe(command: Command): string {
  const text = typeof command === 'string' ? command : command.join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
