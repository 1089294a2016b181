import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { progressBoard } from './progress-board.js';

/** A real sink that records what was written, shaped like a terminal or a pipe. */
function sink(isTTY: boolean, columns = 80): { writes: string[]; write(text: string): boolean; isTTY: boolean; columns: number } {
  const writes: string[] = [];
  return { writes, isTTY, columns, write: (text) => writes.push(text) > 0 };
}

describe('the progress board of image builds', () => {
  it('prints plain lines when stderr is not a terminal, and a "still working" line for a silent task', async () => {
    const out = sink(false);
    const board = progressBoard(out, { heartbeatMs: 50 });
    board.update('python', 'Step 1/3 : FROM base');
    board.update('java', 'Step 1/5 : FROM base');
    await sleep(200);
    board.finish('python', 'built llmsb/python:abc');
    board.close();
    const text = out.writes.join('');
    expect(text).not.toContain('\r');
    expect(text).toMatch(/^\[llmsb\] python: Step 1\/3 : FROM base\n\[llmsb\] java: Step 1\/5 : FROM base\n/);
    expect(text).toMatch(/\[llmsb\] python: still working \(0s\): Step 1\/3 : FROM base\n/);
    expect(text).toMatch(/\[llmsb\] python: built llmsb\/python:abc \(0s\)\n$/);
  });

  it('keeps one live line on a terminal, redrawn with every running task and cut to the width', async () => {
    const out = sink(true, 60);
    const board = progressBoard(out, { redrawMs: 20 });
    board.update('python', 'Step 2/3 : RUN apt-get install --no-install-recommends python3 python3-venv');
    board.update('java', 'Step 4/5 : RUN mvn');
    const before = out.writes.length;
    await sleep(150);
    expect(out.writes.length).toBeGreaterThan(before + 2);
    const live = out.writes.at(-1) ?? '';
    expect(live.startsWith('\r\x1b[2K[llmsb] python 0s: Step 2/3 : RUN apt-get')).toBe(true);
    expect(live.length - '\r\x1b[2K'.length).toBe(59);
    expect(live.endsWith('…')).toBe(true);
    board.finish('python', 'built llmsb/python:abc');
    expect(out.writes.slice(-2)).toEqual(['\r\x1b[2K[llmsb] python: built llmsb/python:abc (0s)\n', '\r\x1b[2K[llmsb] java 0s: Step 4/5 : RUN mvn']);
    board.close();
    expect(out.writes.at(-1)).toBe('\r\x1b[2K');
  });
});
