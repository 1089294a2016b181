/**
 * Progress of several long tasks at once (image builds), on stderr so stdout keeps only results.
 * On a terminal: one live line, redrawn every second, with each running task's latest step and
 * elapsed time. Elsewhere (CI logs, pipes): plain lines as steps happen, plus a "still working"
 * line every `heartbeatMs` per task, so a long step never looks like a hang.
 */
export interface ProgressBoard {
  /** The task's latest step, e.g. `Step 3/9 : RUN apt-get ...`. */
  update(task: string, line: string): void;
  /** The task ended; `summary` stays on screen (e.g. `built in 1m12s`). */
  finish(task: string, summary: string): void;
  /** Stops redrawing and clears the live line. */
  close(): void;
}

interface Sink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressBoardOptions {
  /** How often the live line is redrawn. Default: 1 000 ms. */
  readonly redrawMs?: number;
  /** Plain output: how long a task may stay silent before a "still working" line. Default: 30 000 ms. */
  readonly heartbeatMs?: number;
}

interface Running {
  line: string;
  readonly startedAt: number;
  lastPrintedAt: number;
}

export function progressBoard(sink: Sink = process.stderr, options: ProgressBoardOptions = {}): ProgressBoard {
  const live = sink.isTTY === true;
  const tasks = new Map<string, Running>();
  const print = (text: string): void => void sink.write(`${live ? '\r\x1b[2K' : ''}[llmsb] ${text}\n`);
  const redraw = (): void => {
    if (tasks.size === 0) return void sink.write('\r\x1b[2K');
    const parts = [...tasks].map(([task, state]) => `${task} ${elapsed(state.startedAt)}: ${state.line}`);
    sink.write(`\r\x1b[2K${fit(`[llmsb] ${parts.join(' | ')}`, (sink.columns ?? 80) - 1)}`);
  };
  const heartbeat = (): void => {
    const now = Date.now();
    for (const [task, state] of tasks) {
      if (now - state.lastPrintedAt < (options.heartbeatMs ?? 30_000)) continue;
      state.lastPrintedAt = now;
      print(`${task}: still working (${elapsed(state.startedAt)}): ${state.line}`);
    }
  };
  const timer = setInterval(live ? redraw : heartbeat, live ? (options.redrawMs ?? 1_000) : Math.min(options.heartbeatMs ?? 30_000, 5_000));
  timer.unref();

  return {
    update(task, line) {
      const state = tasks.get(task) ?? { line, startedAt: Date.now(), lastPrintedAt: 0 };
      state.line = line;
      state.lastPrintedAt = Date.now();
      tasks.set(task, state);
      if (live) redraw();
      else print(`${task}: ${line}`);
    },
    finish(task, summary) {
      const state = tasks.get(task);
      tasks.delete(task);
      print(`${task}: ${summary}${state ? ` (${elapsed(state.startedAt)})` : ''}`);
      if (live) redraw();
    },
    close() {
      clearInterval(timer);
      if (live) sink.write('\r\x1b[2K');
    },
  };
}

function elapsed(since: number): string {
  const seconds = Math.floor((Date.now() - since) / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Cuts a line to the terminal's width, so redrawing with \r never wraps. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
