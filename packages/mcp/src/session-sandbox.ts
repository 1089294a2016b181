import { toolOutcomeOf, toolOutcomeOfCell, type ToolOutcome } from '@llmsb/ai';
import type { ArtifactSession } from '@llmsb/artifacts';
import type { InteractiveSession, Session } from '@llmsb/core';

/** What `run_in_session` may ask of one run. */
export interface SessionRunOptions {
  readonly timeoutMs: number;
  readonly libraries?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * The sandbox behind `open_session`: a kernel where the language has one (variables, imports and
 * functions persist across runs), else an artifact session (files and libraries persist, each run
 * is a new process). Both keep the files of their working directory.
 */
export interface SessionSandbox {
  /** Whether variables persist across runs (a kernel), not only files. */
  readonly variablesPersist: boolean;
  /** The underlying session: the file tools use it. */
  readonly session: Session;
  /** Runs code; never throws (errors are outcomes flagged `isError`). */
  run(code: string, options: SessionRunOptions): Promise<ToolOutcome>;
  close(): Promise<void>;
}

/** An artifact session: every run is a fresh process. */
export function processSandbox(artifacts: ArtifactSession): SessionSandbox {
  return {
    variablesPersist: false,
    session: artifacts.session,
    run: (code, options) => toolOutcomeOf(() => artifacts.run(code, options)),
    close: async () => {
      await artifacts.close();
    },
  };
}

/**
 * An interactive session. A run that meets a kernel other than the one the previous run left
 * (it died, ignored an interrupt, or was stopped for an install) says the state was lost.
 */
export function kernelSandbox(kernel: InteractiveSession): SessionSandbox {
  let seen = kernel.kernelStarts;
  return {
    variablesPersist: true,
    session: kernel.session,
    run: (code, { timeoutMs, libraries, signal }) =>
      toolOutcomeOfCell(
        async () => {
          if (libraries && libraries.length > 0) await kernel.install(libraries);
          return kernel.run(code, { timeoutMs, ...(signal ? { signal } : {}) });
        },
        () => {
          const stateLost = kernel.kernelStarts !== seen;
          seen = kernel.kernelStarts;
          return stateLost ? { stateLost } : {};
        },
      ),
    close: () => kernel.close(),
  };
}
