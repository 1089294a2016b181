export { plotAttachments, mimeTypeOfPlot } from './attachments.js';
export type { Attachment } from './attachments.js';
export {
  consoleOutputSchema,
  fileInfoSchema,
  jsonSchemas,
  plotInfoSchema,
  plotOutputSchema,
  resourceUsageSchema,
  sandboxToolOutputSchema,
  toolErrorInfoSchema,
} from './schemas.js';
export type { PlotInfo, SandboxToolOutput, ToolErrorInfo } from './schemas.js';
export { toolResult } from './tool-result.js';
export { toolOutcomeOf } from './tool-outcome-of.js';
export { cellExecutionResult, toolOutcomeOfCell } from './cell-outcome.js';
export type { ToolMappingOptions } from './tool-result.js';
export { errorInfo, isRefusal, toolError } from './tool-error.js';
export { SESSION_RESET_NOTE, STATE_LOST_NOTE } from './tool-outcome.js';
export type { ToolOutcome } from './tool-outcome.js';
export { SandboxKeeper } from './sandbox-keeper.js';
export type { KeptSandbox } from './sandbox-keeper.js';
export { runCode } from './run-code.js';
export type { RunCodeInput } from './run-code.js';
export { clampTimeout, DEFAULT_MAX_TIMEOUT_MS, keeperFor } from './sandbox-tools-options.js';
export type { SandboxToolsOptions } from './sandbox-tools-options.js';
export { codeInputSchema, executeCodeDescription } from './tool-inputs.js';
export type { CodeInput } from './tool-inputs.js';
