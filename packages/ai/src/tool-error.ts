import {
  KernelDiedError,
  LanguageNotSupportedError,
  LibraryInstallationNotSupportedError,
  SandboxError,
  SandboxTimeoutError,
  SecurityError,
  SecurityViolationError,
  ValidationError,
} from '@llmsb/core';
import type { SandboxToolOutput, ToolErrorInfo } from './schemas.js';
import type { ToolOutcome } from './tool-outcome.js';
import { stateFields, type ToolMappingOptions } from './tool-result.js';

/**
 * Maps an error thrown by a sandbox call to a tool outcome flagged `isError`, keeping partial
 * output (timeouts) and the error's name, code and message (`JSON.stringify(error)` drops them).
 */
export function toolError(error: unknown, options: ToolMappingOptions = {}): ToolOutcome {
  const info = errorInfo(error);
  const timeout = error instanceof SandboxTimeoutError;
  // Both carry what the code printed before the end.
  const partial = timeout || error instanceof KernelDiedError ? error : undefined;
  const output: SandboxToolOutput = {
    status: timeout ? 'timeout' : isRefusal(error) ? 'refused' : 'failed',
    exitCode: null,
    success: false,
    stdout: partial?.stdout ?? '',
    stderr: partial?.stderr ?? '',
    plots: [],
    files: [],
    error: info,
    ...stateFields(options, noteFor(error)),
  };
  return { isError: true, attachments: [], output };
}

/** Refused before anything ran: the policy, or input the sandbox cannot take. */
export function isRefusal(error: unknown): boolean {
  return (
    error instanceof SecurityError ||
    error instanceof ValidationError ||
    error instanceof LanguageNotSupportedError ||
    error instanceof LibraryInstallationNotSupportedError
  );
}

export function errorInfo(error: unknown): ToolErrorInfo {
  if (!(error instanceof Error)) return { name: 'Error', code: 'UNKNOWN', message: String(error) };
  const code = error instanceof SandboxError ? error.code : 'INTERNAL_ERROR';
  return {
    name: error.name,
    code,
    message: error.message,
    ...(error instanceof SandboxTimeoutError && error.timeoutMs !== undefined ? { timeoutMs: error.timeoutMs } : {}),
    ...(error instanceof SecurityViolationError
      ? { violations: error.violations.map(({ description, severity, blocking }) => ({ description, severity, blocking })) }
      : {}),
  };
}

function noteFor(error: unknown): string {
  if (error instanceof SandboxTimeoutError) return 'The run timed out and its processes were killed; stdout and stderr hold what it printed before.';
  if (error instanceof SecurityViolationError) return 'The code was refused by the security policy and did not run.';
  if (isRefusal(error)) return 'The call was refused and nothing ran.';
  if (error instanceof KernelDiedError)
    return 'The kernel died during the call (out of memory, or the code killed it); stdout and stderr hold what it printed before.';
  return "The sandbox failed; this is not the program's fault.";
}
