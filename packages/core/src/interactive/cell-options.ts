/** Options of one cell. */
export interface CellOptions {
  /** Interrupts the cell (KeyboardInterrupt) after this long, keeping the kernel's state. Default: the session's `executionTimeoutMs`, else `defaultTimeoutMs`; `null`: none. */
  readonly timeoutMs?: number | null;
  /** Called with each piece of stdout as the kernel sends it. */
  readonly onStdout?: (text: string) => void;
  readonly onStderr?: (text: string) => void;
  /** Aborting interrupts the cell like a timeout does; `run()` then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}
