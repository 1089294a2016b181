import { plotsOfResults } from '@llmsb/artifacts';
import { CellTimeoutError, KernelDiedError, type CellResult, type ExecutionResult } from '@llmsb/core';
import { toolError } from './tool-error.js';
import type { ToolOutcome } from './tool-outcome.js';
import { toolResult, type ToolMappingOptions } from './tool-result.js';

/**
 * A cell's result as a run's: each output's richest image or HTML becomes a plot (so it travels
 * as image content or a resource), every `text/plain` form goes to `results`, and an exception's
 * traceback is appended to stderr, where a program's would be.
 */
export function cellExecutionResult(cell: CellResult): ExecutionResult & { readonly results: readonly string[] } {
  const plots = plotsOfResults(cell.results);
  const results = cell.results.flatMap((bundle) => (typeof bundle['text/plain'] === 'string' ? [bundle['text/plain']] : []));
  const traceback = cell.error ? `${cell.error.traceback.join('\n')}\n` : '';
  return {
    exitCode: cell.exitCode,
    stdout: cell.stdout,
    stderr: cell.stderr + traceback,
    success: cell.success,
    ...(cell.truncated ? { truncated: true } : {}),
    ...(cell.usage ? { usage: cell.usage } : {}),
    plots,
    results,
  };
}

/**
 * Awaits a cell and maps it like a run (never throws). A kernel that died or was killed after an
 * ignored interrupt marks the outcome `stateLost`, as `options.stateLost` does. Options given as a
 * function are read after the cell, when what happened to the kernel is known.
 */
export async function toolOutcomeOfCell(
  run: () => Promise<CellResult>,
  options: ToolMappingOptions | (() => ToolMappingOptions) = {},
): Promise<ToolOutcome> {
  const after = typeof options === 'function' ? options : () => options;
  try {
    const cell = await run();
    return toolResult(cellExecutionResult(cell), after());
  } catch (error) {
    const lost = error instanceof KernelDiedError || (error instanceof CellTimeoutError && error.kernelRestarted);
    return toolError(error, lost ? { ...after(), stateLost: true } : after());
  }
}
