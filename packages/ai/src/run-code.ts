import type { ArtifactRunOptions } from '@llmsb/artifacts';
import type { SandboxKeeper } from './sandbox-keeper.js';
import { toolError } from './tool-error.js';
import type { ToolOutcome } from './tool-outcome.js';
import { toolResult } from './tool-result.js';

export interface RunCodeInput {
  readonly code: string;
  /** Installed before the run (into the kept sandbox, so later calls have them too). */
  readonly libraries?: readonly string[] | undefined;
  readonly timeoutMs?: number | undefined;
}

/** Runs code in the keeper's sandbox and maps whatever happens to a tool outcome; never throws. */
export async function runCode(keeper: SandboxKeeper, input: RunCodeInput, signal?: AbortSignal): Promise<ToolOutcome> {
  let sessionReset = false;
  try {
    const kept = await keeper.acquire();
    sessionReset = kept.sessionReset;
    const options: ArtifactRunOptions = {
      ...(input.libraries?.length ? { libraries: input.libraries } : {}),
      ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
      ...(signal ? { signal } : {}),
    };
    return toolResult(await kept.session.run(input.code, options), { sessionReset });
  } catch (error) {
    await keeper.noteFailure(error);
    return toolError(error, { sessionReset });
  }
}
