import type { Attachment } from './attachments.js';
import type { SandboxToolOutput } from './schemas.js';

/**
 * A sandbox tool's answer, independent of any framework: the data (`output`, no base64), the plot
 * content to send beside it, and whether the framework should flag it as an error to the model.
 */
export interface ToolOutcome {
  readonly output: SandboxToolOutput;
  readonly attachments: readonly Attachment[];
  readonly isError: boolean;
}

/** Shared by results and errors: what a re-opened sandbox means for the model. */
export const SESSION_RESET_NOTE =
  'The sandbox was re-opened before this call: files, installed libraries and anything else from earlier calls are gone.';

/** What a restarted kernel means for the model. */
export const STATE_LOST_NOTE =
  "The session's kernel was restarted: variables, imports and functions from earlier calls are gone; files in the working directory are kept.";
