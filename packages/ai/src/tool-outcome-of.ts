import type { ArtifactExecutionResult } from '@llmsb/artifacts';
import type { ExecutionResult } from '@llmsb/core';
import { toolError } from './tool-error.js';
import type { ToolOutcome } from './tool-outcome.js';
import { toolResult, type ToolMappingOptions } from './tool-result.js';

/** Awaits a run and maps its result, or the error it threw, to a tool outcome; never throws. */
export async function toolOutcomeOf(
  run: () => Promise<ExecutionResult | ArtifactExecutionResult>,
  options: ToolMappingOptions = {},
): Promise<ToolOutcome> {
  try {
    return toolResult(await run(), options);
  } catch (error) {
    return toolError(error, options);
  }
}
