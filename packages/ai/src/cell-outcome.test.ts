import { CellTimeoutError, ContainerError, KernelDiedError } from '@llmsb/core';
import { describe, expect, it } from 'vitest';
import { toolOutcomeOfCell } from './cell-outcome.js';
import { sandboxToolOutputSchema } from './schemas.js';
import { STATE_LOST_NOTE } from './tool-outcome.js';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2]).toString('base64');

describe('a cell of a stateful session as a tool outcome', () => {
  it('sends figures and HTML as plots, every text/plain form as results, and a traceback in stderr', async () => {
    const outcome = await toolOutcomeOfCell(async () => ({
      exitCode: 1,
      stdout: 'out\n',
      stderr: '',
      success: false,
      results: [
        { 'text/plain': '<Figure>', 'image/png': png },
        { 'text/plain': '   a\n0  1', 'text/html': '<table></table>' },
        { 'text/plain': '42' },
      ],
      error: { name: 'ZeroDivisionError', value: 'division by zero', traceback: ['Traceback', 'ZeroDivisionError: division by zero'] },
    }));
    expect(sandboxToolOutputSchema.parse(outcome.output)).toEqual(outcome.output);
    expect(outcome.output).toMatchObject({
      status: 'completed',
      exitCode: 1,
      stdout: 'out\n',
      stderr: 'Traceback\nZeroDivisionError: division by zero\n',
    });
    expect(outcome.output.results).toEqual(['<Figure>', '   a\n0  1', '42']);
    expect(outcome.output.plots.map((plot) => plot.mimeType)).toEqual(['image/png', 'text/html']);
    expect(outcome.attachments.map((attachment) => [attachment.kind, attachment.text])).toEqual([
      ['image', undefined],
      ['resource', '<table></table>'],
    ]);
    expect(outcome.output.stateLost).toBeUndefined();
  });

  it('says the state is lost when the kernel died or was killed after ignoring an interrupt, and not for a kept one', async () => {
    const died = await toolOutcomeOfCell(() => Promise.reject(new KernelDiedError('gone', { stdout: 'partial', stderr: '' })));
    expect(died).toMatchObject({
      isError: true,
      output: { status: 'failed', stdout: 'partial', stateLost: true, note: expect.stringContaining(STATE_LOST_NOTE) },
    });
    const killed = await toolOutcomeOfCell(() =>
      Promise.reject(new CellTimeoutError('slow', { timeoutMs: 5, stdout: 'a', stderr: '', kernelRestarted: true })),
    );
    expect(killed).toMatchObject({ isError: true, output: { status: 'timeout', stdout: 'a', stateLost: true } });
    const kept = await toolOutcomeOfCell(() =>
      Promise.reject(new CellTimeoutError('slow', { timeoutMs: 5, stdout: 'a', stderr: '', kernelRestarted: false })),
    );
    expect(kept.output.stateLost).toBeUndefined();
    const broken = await toolOutcomeOfCell(() => Promise.reject(new ContainerError('engine down')), { stateLost: true });
    expect(broken.output).toMatchObject({ status: 'failed', stateLost: true });
  });
});
