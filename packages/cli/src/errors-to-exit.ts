import { SandboxTimeoutError } from '@llmsb/core';

/**
 * Exit codes of llmsb's own outcomes; a program's exit code is passed through unchanged.
 * llmsb's failures (usage, engine, image, sandbox) use 125, as `docker run` does for its own:
 * language toolchains use 1 and 2 (Go's compiler exits 2), so 2 could not tell the two apart, and
 * programs rarely exit 125. Timeout and Ctrl-C keep the codes scripts already expect from
 * coreutils `timeout` (124) and the shell (128 + SIGINT); each of these outcomes also prints one
 * `llmsb: ...` line on stderr. Only `--exit-code-json` tells every outcome apart for certain.
 */
export const EXIT = {
  /** A usage error or any failure of llmsb, the engine or the sandbox. */
  failure: 125,
  timeout: 124,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  return error instanceof SandboxTimeoutError ? EXIT.timeout : EXIT.failure;
}

/** Prints `llmsb: <message>` to stderr; `verbose` adds the stack and the cause chain. */
export function reportError(error: unknown, verbose = false): void {
  process.stderr.write(`llmsb: ${describeError(error)}\n`);
  if (!verbose || !(error instanceof Error)) return;
  let current: unknown = error;
  while (current instanceof Error) {
    process.stderr.write(`${current.stack ?? current.message}\n`);
    current = current.cause;
    if (current !== undefined) process.stderr.write('caused by: ');
  }
  if (current !== undefined) process.stderr.write(`${String(current)}\n`);
}

/** The one-line diagnosis of an error. */
export function describeError(error: unknown): string {
  if (error instanceof SandboxTimeoutError) {
    return `timed out after ${error.timeoutMs} ms; the program's processes were killed. Raise --timeout-ms if it needs longer.`;
  }
  return error instanceof Error ? error.message : String(error);
}
