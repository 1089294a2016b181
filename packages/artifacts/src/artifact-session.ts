import { randomBytes } from 'node:crypto';
import {
  defaultRegistry,
  NotOpenSessionError,
  SandboxFileNotFoundError,
  Session,
  silentLogger,
  stderrLogger,
  ValidationError,
  type ArchiveResult,
  type CallOptions,
  type CloseOutcome,
  type Command,
  type CommandOptions,
  type ConsoleOutput,
  type Logger,
  type PlotOutput,
  type PluginRegistry,
  type PooledSessionOptions,
  type ScanResult,
  type SessionOptions,
} from '@llmsb/core';
import type { CaptureLayout } from './capture-script.js';
import {
  parseArtifactSessionOptions,
  type ArtifactSessionOptions,
  type PooledArtifactSessionOptions,
  type ResolvedArtifactOptions,
} from './options.js';
import { plotCaptureFor } from './plot-capture-for.js';
import { readArtifacts, type CollectedArtifacts } from './read-artifacts.js';
import type { ArtifactExecutionResult, ArtifactRunOptions } from './types.js';
import { withCapture } from './with-capture.js';

/**
 * A session whose runs also return the plots the program made (matplotlib, seaborn, plotly; R's default device) and
 * the files it wrote to `$LLMSB_ARTIFACTS_DIR`. It composes a core `Session`, reachable as
 * `session`, and delegates the rest of the session API to it.
 */
export class ArtifactSession implements AsyncDisposable {
  readonly artifactOptions: ResolvedArtifactOptions;
  private readonly sessionOptions: SessionOptions;
  /** Set when the session takes a pool's sandbox instead of creating one. */
  private readonly pooled: PooledSessionOptions | undefined;
  private readonly registry: PluginRegistry;
  private readonly logger: Logger;
  private readonly layout: CaptureLayout;
  private inner: Session | undefined;
  private state: 'new' | 'opening' | 'open' | 'closed' = 'new';
  private accumulated: PlotOutput[] = [];
  // A run and the fetch of its artifacts must not interleave with another run's.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: ArtifactSessionOptions | PooledArtifactSessionOptions = {}, registry: PluginRegistry = defaultRegistry) {
    const { artifacts, session, pooled } = parseArtifactSessionOptions(options);
    this.artifactOptions = artifacts;
    this.sessionOptions = session;
    this.pooled = pooled;
    this.registry = registry;
    this.logger = session.logger ?? (session.verbose ? stderrLogger : silentLogger);
    this.layout = {
      root: `/tmp/.llmsb-artifacts-${randomBytes(6).toString('hex')}`,
      maxFileBytes: artifacts.maxArtifactFileBytes,
      maxRunBytes: artifacts.maxArtifactRunBytes,
    };
  }

  /** The core session underneath (install, commands, copies, options); throws until open. */
  get session(): Session {
    if (!this.inner?.isOpen) throw new NotOpenSessionError('Artifact session is not open');
    return this.inner;
  }

  get isOpen(): boolean {
    return this.state === 'open' && this.inner?.isOpen === true;
  }

  get containerId(): string | undefined {
    return this.inner?.containerId;
  }

  /** Plots accumulated since the last `clearPlots()`; always empty unless `accumulatePlots`. */
  get plots(): readonly PlotOutput[] {
    return [...this.accumulated];
  }

  /**
   * Starts the sandbox. With `enablePlotting` (the default) on a language without plot support it
   * rejects with `LanguageNotSupportPlotError` before any sandbox is created.
   */
  async open(): Promise<this> {
    if (this.state !== 'new') throw new ValidationError(`Artifact session is already ${this.state}; open() works once.`);
    this.state = 'opening';
    try {
      const language = this.pooled ? this.pooled.pool.language : await this.registry.language(this.sessionOptions.lang ?? 'python');
      const capture = this.artifactOptions.enablePlotting ? await plotCaptureFor(language, this.artifactOptions) : undefined;
      if (this.pooled) {
        // The capture only wraps how code runs, so a sandbox prepared before the acquire serves.
        const { pool, ...perCall } = this.pooled;
        this.inner = await pool.acquire({ ...perCall, wrapLanguage: (pooledLanguage) => withCapture(pooledLanguage, this.layout, capture) });
      } else {
        this.inner = new Session({ ...this.sessionOptions, lang: withCapture(language, this.layout, capture) }, this.registry);
        await this.inner.open();
      }
      this.state = 'open';
      return this;
    } catch (error) {
      this.state = 'closed';
      throw error;
    }
  }

  /**
   * Runs code; resolves with its output, the plots it made (all since the last clear with
   * `accumulatePlots`), the files it left in `$LLMSB_ARTIFACTS_DIR`, and what was over a cap.
   */
  async run(code: string, options: ArtifactRunOptions = {}): Promise<ArtifactExecutionResult> {
    const session = this.session;
    const { clearPlots, ...runOptions } = options;
    return this.serially(async () => {
      if (clearPlots) this.clearPlots();
      const output = await session.run(code, runOptions);
      const { plots, files, skipped } = await this.collect(session);
      if (this.artifactOptions.accumulatePlots) this.accumulated.push(...plots);
      return {
        ...output,
        plots: this.artifactOptions.accumulatePlots ? [...this.accumulated] : plots,
        files,
        skippedArtifacts: skipped,
      };
    });
  }

  /** Forgets accumulated plots (see `accumulatePlots`); the sandbox keeps none between runs anyway. */
  clearPlots(): void {
    this.accumulated = [];
  }

  /** Checks code against the security policy without running it (see `Session.isSafe`). */
  isSafe(code: string): ScanResult {
    return (this.inner ?? new Session(this.sessionOptions, this.registry)).isSafe(code);
  }

  install(libraries: readonly string[], options?: CallOptions): Promise<void> {
    return this.session.install(libraries, options);
  }

  executeCommand(command: Command, options?: CommandOptions): Promise<ConsoleOutput> {
    return this.session.executeCommand(command, options);
  }

  executeCommands(commands: Parameters<Session['executeCommands']>[0], options?: CommandOptions): Promise<ConsoleOutput> {
    return this.session.executeCommands(commands, options);
  }

  copyToRuntime(source: string, destination: string): Promise<void> {
    return this.session.copyToRuntime(source, destination);
  }

  copyFromRuntime(source: string, destination: string): Promise<void> {
    return this.session.copyFromRuntime(source, destination);
  }

  getArchive(path: string): Promise<ArchiveResult> {
    return this.session.getArchive(path);
  }

  /** Removes the sandbox (idempotent). An attached or committed container is left without our directory. */
  async close(): Promise<CloseOutcome> {
    const inner = this.inner;
    this.state = 'closed';
    if (!inner) return {};
    const outlivesSession = this.sessionOptions.containerId !== undefined || this.sessionOptions.commitContainer === true;
    if (outlivesSession && inner.isOpen) {
      await this.serially(() => inner.executeCommand(['rm', '-rf', this.layout.root])).catch(() => undefined);
    }
    return inner.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async collect(session: Session): Promise<CollectedArtifacts> {
    try {
      const { tar } = await session.getArchive(`${this.layout.root}/out`);
      return await readArtifacts(tar, this.layout);
    } catch (error) {
      // The program removed our directory (it is its sandbox): no artifacts, not a failure.
      if (!(error instanceof SandboxFileNotFoundError)) throw error;
      this.logger.warn(`the artifacts of this run are gone: ${this.layout.root} was removed during the run`);
      return { plots: [], files: [], skipped: [] };
    }
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
