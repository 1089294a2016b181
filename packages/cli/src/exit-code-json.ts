import { writeFile } from 'node:fs/promises';
import { SandboxError, SandboxTimeoutError } from '@llmsb/core';
import { describeError, exitCodeFor } from './errors-to-exit.js';
import { UsageError } from './usage-error.js';

/**
 * What `llmsb run --exit-code-json PATH` writes: how the run ended, unambiguously, whatever the
 * exit code. `exitCode` is llmsb's own exit code; `programExitCode` is set only when the program
 * (or its compile step) ran to an exit status.
 */
export type RunOutcome =
  | { readonly outcome: 'exited'; readonly exitCode: number; readonly programExitCode: number; readonly failedStep?: string }
  | { readonly outcome: 'timeout' | 'interrupted'; readonly exitCode: number; readonly message: string }
  | { readonly outcome: 'llmsb-error'; readonly exitCode: number; readonly errorCode: string; readonly message: string };

export function exitedOutcome(programExitCode: number, failedStep: string | undefined): RunOutcome {
  return { outcome: 'exited', exitCode: programExitCode, programExitCode, ...(failedStep !== undefined ? { failedStep } : {}) };
}

export function errorOutcome(error: unknown): RunOutcome {
  const exitCode = exitCodeFor(error);
  if (error instanceof SandboxTimeoutError) return { outcome: 'timeout', exitCode, message: describeError(error) };
  const errorCode = error instanceof SandboxError ? error.code : error instanceof UsageError ? 'USAGE' : 'INTERNAL';
  return { outcome: 'llmsb-error', exitCode, errorCode, message: describeError(error) };
}

export async function writeOutcome(path: string | undefined, outcome: RunOutcome): Promise<void> {
  if (path !== undefined) await writeFile(path, `${JSON.stringify(outcome)}\n`);
}
