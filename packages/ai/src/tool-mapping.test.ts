import { ContainerError, SandboxTimeoutError, SecurityViolationError, SecurityIssueSeverity } from '@llmsb/core';
import { describe, expect, it } from 'vitest';
import { sandboxToolOutputSchema } from './schemas.js';
import { toolError } from './tool-error.js';
import { toolResult } from './tool-result.js';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]).toString('base64');
const html = Buffer.from('<html>plotly</html>').toString('base64');

describe('toolResult', () => {
  it('keeps a failing program as a normal result and moves plot content out of the data', () => {
    const outcome = toolResult({
      exitCode: 3,
      stdout: 'a',
      stderr: 'b',
      success: false,
      plots: [
        { format: 'png', contentBase64: png, width: 640, height: 480, dpi: 100 },
        { format: 'html', contentBase64: html },
      ],
    });
    expect(outcome.isError).toBe(false);
    expect(sandboxToolOutputSchema.parse(outcome.output)).toEqual(outcome.output);
    expect(outcome.output).toMatchObject({ status: 'completed', exitCode: 3, success: false, stdout: 'a', stderr: 'b' });
    expect(outcome.output.plots).toEqual([
      { format: 'png', mimeType: 'image/png', sizeBytes: 10, attachedAs: 'image', width: 640, height: 480, dpi: 100 },
      { format: 'html', mimeType: 'text/html', sizeBytes: 19, attachedAs: 'resource' },
    ]);
    expect(JSON.stringify(outcome.output)).not.toContain(png);
    expect(outcome.attachments).toEqual([
      { kind: 'image', name: 'plot-1.png', mimeType: 'image/png', base64: png },
      { kind: 'resource', name: 'plot-2.html', mimeType: 'text/html', base64: html, text: '<html>plotly</html>' },
    ]);
  });

  it('tells the model when the sandbox was re-opened', () => {
    const outcome = toolResult({ exitCode: 0, stdout: '', stderr: '', success: true, plots: [] }, { sessionReset: true });
    expect(outcome.output).toMatchObject({ sessionReset: true, note: expect.stringContaining('earlier calls are gone') });
  });
});

describe('toolError', () => {
  it('turns a timeout into an error result that keeps the partial output', () => {
    const outcome = toolError(new SandboxTimeoutError('timed out', { timeoutMs: 1500, stdout: 'so far', stderr: 'warn' }));
    expect(outcome.isError).toBe(true);
    expect(sandboxToolOutputSchema.parse(outcome.output)).toEqual(outcome.output);
    expect(outcome.output).toMatchObject({
      status: 'timeout',
      exitCode: null,
      stdout: 'so far',
      stderr: 'warn',
      error: { name: 'SandboxTimeoutError', code: 'LLMSB_SANDBOX_TIMEOUT', message: 'timed out', timeoutMs: 1500 },
    });
  });

  it('reports a policy refusal with its violations', () => {
    const violation = { kind: 'pattern', description: 'os.system', severity: SecurityIssueSeverity.HIGH, blocking: true } as const;
    const outcome = toolError(new SecurityViolationError('refused', [violation]));
    expect(outcome.output).toMatchObject({
      status: 'refused',
      error: { code: 'LLMSB_SECURITY_VIOLATION', violations: [{ description: 'os.system', severity: 3, blocking: true }] },
    });
  });

  it('reports an infrastructure failure as failed, and anything thrown keeps its message', () => {
    expect(toolError(new ContainerError('engine gone')).output).toMatchObject({
      status: 'failed',
      error: { name: 'ContainerError', code: 'LLMSB_CONTAINER_ERROR', message: 'engine gone' },
    });
    expect(toolError(new TypeError('bug')).output.error).toEqual({ name: 'TypeError', code: 'INTERNAL_ERROR', message: 'bug' });
    expect(toolError('plain').output.error).toEqual({ name: 'Error', code: 'UNKNOWN', message: 'plain' });
  });
});
