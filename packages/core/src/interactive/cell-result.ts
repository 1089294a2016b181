import type { ConsoleOutput } from '../results.js';

/**
 * One rich output of a cell, keyed by MIME type: `text/plain` always (when the kernel sends it),
 * plus `image/png` (base64), `image/svg+xml`, `text/html`, `application/json` (an object), ...
 */
export type MimeBundle = Readonly<Record<string, unknown>>;

/** An exception raised by a cell; the traceback has no ANSI colour codes. */
export interface CellError {
  readonly name: string;
  readonly value: string;
  readonly traceback: readonly string[];
}

/** What a cell resolves to: a failing cell is data (`exitCode` 1, `error` set), never an exception. */
export interface CellResult extends ConsoleOutput {
  /** Each `execute_result` (the last expression's value) and `display_data` (figures, `display()`), in order. */
  readonly results: readonly MimeBundle[];
  readonly error?: CellError;
  // `usage` (from ConsoleOutput): the kernel process's CPU over the cell (with the children it
  // waited for), its peak memory during the cell, and the cell's wall time.
  /** The kernel's execution counter for this cell (`In [n]`). */
  readonly executionCount?: number;
}

// CSI and OSC sequences, the colour codes IPython puts in tracebacks.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
