import type { BridgeMessage } from './bridge-messages.js';
import { stripAnsi, type CellError, type CellResult, type MimeBundle } from './cell-result.js';
import type { CellOptions } from './cell-options.js';

type Done = Extract<BridgeMessage, { type: 'done' }>;

/** Gathers one cell's messages (the bridge sends only this cell's) into its result. */
export class CellCollector {
  private stdout = '';
  private stderr = '';
  private readonly results: MimeBundle[] = [];
  private error: CellError | undefined;
  private finish: ((done: Done) => void) | undefined;
  /** Resolves with the bridge's `done` for this cell. */
  readonly done = new Promise<Done>((resolve) => {
    this.finish = resolve;
  });

  constructor(
    readonly id: number,
    private readonly options: CellOptions,
  ) {}

  take(message: BridgeMessage): void {
    if (message.type === 'ready' || message.id !== this.id) return;
    switch (message.type) {
      case 'stream':
        if (message.name === 'stderr') {
          this.stderr += message.text;
          this.options.onStderr?.(message.text);
        } else {
          this.stdout += message.text;
          this.options.onStdout?.(message.text);
        }
        return;
      case 'result':
        this.results.push(message.data);
        return;
      case 'error':
        this.error = { name: message.name, value: stripAnsi(message.value), traceback: message.traceback.map(stripAnsi) };
        return;
      case 'done':
        this.stdout += message.tails.stdout;
        this.stderr += message.tails.stderr;
        this.finish?.(message);
    }
  }

  /** Output so far, for errors that carry partial output. */
  partial(): { stdout: string; stderr: string } {
    return { stdout: this.stdout, stderr: this.stderr };
  }

  result(done: Done): CellResult {
    const exitCode = this.error || done.status === 'error' ? 1 : 0;
    const truncated = done.dropped.stdout > 0 || done.dropped.stderr > 0 || done.resultsDropped > 0;
    return {
      exitCode,
      stdout: this.stdout,
      stderr: this.stderr,
      success: exitCode === 0,
      ...(truncated ? { truncated: true } : {}),
      results: this.results,
      ...(this.error ? { error: this.error } : {}),
      ...(typeof done.executionCount === 'number' ? { executionCount: done.executionCount } : {}),
      ...(done.usage ? { usage: done.usage } : {}),
    };
  }
}
