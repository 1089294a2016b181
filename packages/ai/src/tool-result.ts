import type { ArtifactExecutionResult } from '@llmsb/artifacts';
import type { ExecutionResult } from '@llmsb/core';
import { plotAttachments } from './attachments.js';
import { SESSION_RESET_NOTE, STATE_LOST_NOTE, type ToolOutcome } from './tool-outcome.js';

export interface ToolMappingOptions {
  /** The sandbox was re-opened before this call (its earlier state is lost). Default: false. */
  readonly sessionReset?: boolean;
  /** The session's kernel was restarted (its variables are lost). Default: false. */
  readonly stateLost?: boolean;
}

/** The flags and the note for the model that the options ask for. */
export function stateFields(options: ToolMappingOptions, ...notes: string[]): { sessionReset?: true; stateLost?: true; note?: string } {
  const note = [...notes, options.stateLost ? STATE_LOST_NOTE : '', options.sessionReset ? SESSION_RESET_NOTE : ''].filter(Boolean).join(' ');
  return {
    ...(options.sessionReset ? { sessionReset: true } : {}),
    ...(options.stateLost ? { stateLost: true } : {}),
    ...(note ? { note } : {}),
  };
}

/**
 * Maps a finished run to a tool outcome. A non-zero exit code is a normal result (`isError`
 * false): the program failed, not the tool; the model reads the exit code and stderr.
 */
export function toolResult(
  result: (ExecutionResult | ArtifactExecutionResult) & { readonly results?: readonly string[] },
  options: ToolMappingOptions = {},
): ToolOutcome {
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
      ...(result.results !== undefined ? { results: [...result.results] } : {}),
      ...stateFields(options),
    },
  };
}
