import type { ConsoleOutput } from './results.js';

const SIGKILL_EXIT = 137;

/**
 * A program killed by SIGKILL (exit 137) was, in a sandbox, almost always the kernel's OOM
 * killer: say so on stderr, marked as the library's, so the cause is not a mystery.
 */
export function explainExit(result: ConsoleOutput, memoryMB: number | null): ConsoleOutput {
  if (result.exitCode !== SIGKILL_EXIT) return result;
  const limit = memoryMB ? ` of ${memoryMB} MiB (runtimeConfig.memoryMB)` : '';
  const note = `[llmsb] The program was killed (SIGKILL, exit 137), most likely for exceeding the sandbox's memory limit${limit}.\n`;
  return { ...result, stderr: `${result.stderr}${result.stderr.endsWith('\n') || result.stderr === '' ? '' : '\n'}${note}` };
}
