import { randomBytes } from 'node:crypto';
import {
  createInteractiveSession,
  defaultRegistry,
  SandboxFileNotFoundError,
  ValidationError,
  type CellOptions,
  type CellResult,
  type InteractiveSession,
  type InteractiveSessionOptions,
  type PlotOutput,
  type PluginRegistry,
} from '@llmsb/core';
import { stageCommand, type CaptureLayout } from './capture-script.js';
import { plotsOfResults } from './cell-plots.js';
import { readArtifacts } from './read-artifacts.js';
import type { ArtifactFile, SkippedArtifact } from './types.js';

/** An interactive session's options plus the artifact caps and plot accumulation. */
export type InteractiveArtifactSessionOptions = InteractiveSessionOptions & {
  /** Largest artifact file returned. Default: 10 MiB. */
  readonly maxArtifactFileBytes?: number;
  /** Most artifact bytes returned per cell. Default: 50 MiB. */
  readonly maxArtifactRunBytes?: number;
  /** `plots` holds every plot since the last `clearPlots()`, not only this cell's. Default: false. */
  readonly accumulatePlots?: boolean;
};

/** A cell's result plus its plots (from `results`) and the files it left in `$LLMSB_ARTIFACTS_DIR`. */
export interface InteractiveArtifactResult extends CellResult {
  readonly plots: readonly PlotOutput[];
  readonly files: readonly ArtifactFile[];
  readonly skippedArtifacts: readonly SkippedArtifact[];
}

/**
 * An interactive session whose cells also return `plots` and `files` as an artifact session's
 * runs do. `plots` are the cell's `results` that are images or HTML, as `PlotOutput`s: the kernel
 * already sends each figure it shows, so nothing is hooked into the code. `files` are collected
 * after each cell from `$LLMSB_ARTIFACTS_DIR` (set in the kernel's environment).
 */
export class InteractiveArtifactSession implements AsyncDisposable {
  private accumulated: PlotOutput[] = [];

  constructor(
    /** The interactive session underneath (`interrupt()`, `restart()`, `session`, ...). */
    readonly kernel: InteractiveSession,
    private readonly layout: CaptureLayout,
    private readonly accumulatePlots: boolean,
  ) {}

  async run(code: string, options: CellOptions = {}): Promise<InteractiveArtifactResult> {
    const cell = await this.kernel.run(code, options);
    const { files, skipped } = await this.collect();
    const plots = plotsOfResults(cell.results);
    if (this.accumulatePlots) this.accumulated.push(...plots);
    return { ...cell, plots: this.accumulatePlots ? [...this.accumulated] : plots, files, skippedArtifacts: skipped };
  }

  clearPlots(): void {
    this.accumulated = [];
  }

  async close(): Promise<void> {
    await this.kernel.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async collect(): Promise<{ files: ArtifactFile[]; skipped: SkippedArtifact[] }> {
    const session = this.kernel.session;
    await session.executeCommand(['sh', '-c', stageCommand(this.layout)]);
    try {
      const { files, skipped } = await readArtifacts((await session.getArchive(`${this.layout.root}/out`)).tar, this.layout);
      return { files, skipped: skipped.filter((entry) => entry.kind === 'file') };
    } catch (error) {
      // The code removed the directory (it is its sandbox): no files, not a failure.
      if (error instanceof SandboxFileNotFoundError) return { files: [], skipped: [] };
      throw error;
    }
  }
}

/**
 * Opens an interactive session (any language with a kernel) whose cells return `plots` and
 * `files` too; with `pool`, on a never-used sandbox of that pool.
 */
export async function createInteractiveArtifactSession(
  options: InteractiveArtifactSessionOptions = {},
  registry: PluginRegistry = defaultRegistry,
): Promise<InteractiveArtifactSession> {
  const { maxArtifactFileBytes = 10 * 1024 * 1024, maxArtifactRunBytes = 50 * 1024 * 1024, accumulatePlots = false, ...interactive } = options;
  for (const [name, value] of Object.entries({ maxArtifactFileBytes, maxArtifactRunBytes })) {
    if (!Number.isInteger(value) || value <= 0) throw new ValidationError(`${name} must be a positive integer, got ${String(value)}.`);
  }
  const layout: CaptureLayout = {
    root: `/tmp/.llmsb-artifacts-${randomBytes(6).toString('hex')}`,
    maxFileBytes: maxArtifactFileBytes,
    maxRunBytes: maxArtifactRunBytes,
  };
  const env = { LLMSB_ARTIFACTS_DIR: `${layout.root}/files` };
  const withEnv =
    'pool' in interactive
      ? { ...interactive, env: { ...interactive.env, ...env } }
      : { ...interactive, runtimeConfig: { ...interactive.runtimeConfig, env: { ...interactive.runtimeConfig?.env, ...env } } };
  const kernel = await createInteractiveSession(withEnv, registry);
  try {
    await kernel.session.executeCommand(['mkdir', '-p', '--', `${layout.root}/files`, `${layout.root}/plots`]);
    return new InteractiveArtifactSession(kernel, layout, accumulatePlots);
  } catch (error) {
    await kernel.close();
    throw error;
  }
}
