import type { ExecutionResult, FileType, RunOptions } from '@llmsb/core';

/** A file the program left in `$LLMSB_ARTIFACTS_DIR`. Plain, JSON-serialisable data. */
export interface ArtifactFile {
  /** Path relative to the artifacts directory, `/`-separated. */
  readonly path: string;
  /** From the extension, else sniffed from the content; `application/octet-stream` when unknown. */
  readonly mimeType: string;
  /** Set when the type is one of `FileType`. */
  readonly format?: FileType;
  readonly sizeBytes: number;
  readonly contentBase64: string;
  /** Pixel size and resolution, for PNG and JPEG. */
  readonly width?: number;
  readonly height?: number;
  readonly dpi?: number;
}

export type SkipReason = 'too-large' | 'over-run-limit' | 'not-regular' | 'unreadable';

/** An artifact that was made but not returned, and why. Nothing is dropped silently. */
export interface SkippedArtifact {
  readonly kind: 'plot' | 'file';
  /** Path relative to the artifacts directory (files) or the plot's internal name (plots). */
  readonly path: string;
  readonly sizeBytes: number;
  /**
   * `too-large`: over `maxArtifactFileBytes`; `over-run-limit`: would pass `maxArtifactRunBytes`;
   * `not-regular`: a link, pipe or device; `unreadable`: the program made it unreadable.
   */
  readonly reason: SkipReason;
}

/** A run's output, the plots it made, and the files it left as artifacts. */
export interface ArtifactExecutionResult extends ExecutionResult {
  readonly files: readonly ArtifactFile[];
  readonly skippedArtifacts: readonly SkippedArtifact[];
}

export interface ArtifactRunOptions extends RunOptions {
  /** Forget the plots accumulated so far before this run (see `accumulatePlots`). Default: false. */
  readonly clearPlots?: boolean;
}

/**
 * How one language's plots are captured. Before each run the hook files are written to a fresh
 * directory and the setup lines run in the run's shell, with `$llmsb_hook` (that directory) and
 * `$llmsb_plots` (where plots go) set; the program must not need any change.
 */
export interface PlotCapture {
  readonly hookFiles: Readonly<Record<string, string>>;
  readonly setup: readonly string[];
  /**
   * What `setup` exports, as data, for a run forked from a warm interpreter (no shell runs it);
   * given the hook and plots directories and the run's environment. Without it such runs start cold.
   */
  runEnv?(dirs: { readonly hook: string; readonly plots: string }, env: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
}
