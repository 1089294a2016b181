import { describe, expect, it } from 'vitest';
import { CellCollector } from './cell-collector.js';

const done = {
  type: 'done',
  id: 2,
  status: 'ok',
  executionCount: 5,
  dropped: { stdout: 0, stderr: 0 },
  tails: { stdout: '', stderr: '' },
  resultsDropped: 0,
} as const;

describe('a cell collector', () => {
  it('takes only its own cell’s messages and streams them', async () => {
    const streamed: string[] = [];
    const cell = new CellCollector(2, { onStdout: (text) => streamed.push(text) });
    cell.take({ type: 'stream', id: 1, name: 'stdout', text: 'late from cell 1\n' });
    cell.take({ type: 'stream', id: 2, name: 'stdout', text: 'mine\n' });
    cell.take({ type: 'result', id: 2, kind: 'execute_result', data: { 'text/plain': '3' } });
    cell.take(done);
    expect(streamed).toEqual(['mine\n']);
    expect(cell.result(await cell.done)).toEqual({
      exitCode: 0,
      stdout: 'mine\n',
      stderr: '',
      success: true,
      results: [{ 'text/plain': '3' }],
      executionCount: 5,
    });
  });

  it('makes an exception a failed result with a plain traceback, and marks dropped output as truncated', async () => {
    const cell = new CellCollector(2, {});
    cell.take({ type: 'stream', id: 2, name: 'stdout', text: 'head' });
    cell.take({ type: 'error', id: 2, name: 'ValueError', value: 'bad', traceback: ['\u001b[0;31mValueError\u001b[0m: bad'] });
    cell.take({ ...done, status: 'error', dropped: { stdout: 10, stderr: 0 }, tails: { stdout: 'tail', stderr: '' } });
    expect(cell.result(await cell.done)).toMatchObject({
      exitCode: 1,
      success: false,
      stdout: 'headtail',
      truncated: true,
      error: { name: 'ValueError', value: 'bad', traceback: ['ValueError: bad'] },
    });
  });
});
