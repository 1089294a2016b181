import { SandboxTimeoutError } from '@llmsb/core';

/**
 * Exit codes of llmsb's own outcomes. A program's exit code is passed through unchanged; these
 * cover everything that is not the program's: the timeout code follows coreutils `timeout`, the
 * interrupt code the shell's 128 + SIGINT.
 */
export const EXIT = {
  /** A usage error or any failure of llmsb, the engine or the sandbox. */
  failure: 2,
  timeout: 124,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  return error instanceof SandboxTimeoutError ? EXIT.timeout : EXIT.failure;
}

/** Prints `llmsb: <message>` to stderr; `verbose` adds the stack and the cause chain. */
export function reportError(error: unknown, verbose = false): void {
  const message =
    error instanceof SandboxTimeoutError
      ? `timed out after ${error.timeoutMs} ms; the program's processes were killed. Raise --timeout-ms if it needs longer.`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`llmsb: ${message}\n`);
  if (!verbose || !(error instanceof Error)) return;
  let current: unknown = error;
  while (current instanceof Error) {
    process.stderr.write(`${current.stack ?? current.message}\n`);
    current = current.cause;
    if (current !== undefined) process.stderr.write('caused by: ');
  }
  if (current !== undefined) process.stderr.write(`${String(current)}\n`);
}
