import type { ArtifactExecutionResult } from '@llmsb/artifacts';
import type { ExecutionResult } from '@llmsb/core';
import { plotAttachments } from './attachments.js';
import { SESSION_RESET_NOTE, type ToolOutcome } from './tool-outcome.js';

export interface ToolMappingOptions {
  /** The sandbox was re-opened before this call (its earlier state is lost). Default: false. */
  readonly sessionReset?: boolean;
}

/**
 * Maps a finished run to a tool outcome. A non-zero exit code is a normal result (`isError`
 * false): the program failed, not the tool; the model reads the exit code and stderr.
 */
export function toolResult(result: ExecutionResult | ArtifactExecutionResult, options: ToolMappingOptions = {}): ToolOutcome {
  const { info, attachments } = plotAttachments(result.plots);
  const files = 'files' in result ? result.files.map(({ path, mimeType, sizeBytes }) => ({ path, mimeType, sizeBytes })) : [];
  return {
    isError: false,
    attachments,
    output: {
      status: 'completed',
      exitCode: result.exitCode,
      success: result.success,
      stdout: result.stdout,
      stderr: result.stderr,
      ...(result.truncated ? { truncated: true } : {}),
      ...(result.failedStep !== undefined ? { failedStep: result.failedStep } : {}),
      ...(result.usage !== undefined ? { usage: result.usage } : {}),
      plots: info,
      files,
      ...(options.sessionReset ? { sessionReset: true, note: SESSION_RESET_NOTE } : {}),
    },
  };
}
