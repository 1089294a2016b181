import { describe, expect, it } from 'vitest';
import { parseBridgeLine } from './bridge-messages.js';
import { stripAnsi } from './cell-result.js';

describe('interactive cell plumbing', () => {
  it('strips the colour codes IPython puts in tracebacks', () => {
    expect(stripAnsi('\u001b[0;31mZeroDivisionError\u001b[0m: division by zero')).toBe('ZeroDivisionError: division by zero');
    expect(stripAnsi('\u001b]8;;http://x\u0007link\u001b]8;;\u0007 plain')).toBe('link plain');
  });

  it('drops bridge lines that are not known messages', () => {
    expect(parseBridgeLine('{"type":"stream","id":1,"name":"stdout","text":"hi"}')).toEqual({ type: 'stream', id: 1, name: 'stdout', text: 'hi' });
    expect(parseBridgeLine('not json')).toBeNull();
    expect(parseBridgeLine('[1,2]')).toBeNull();
    expect(parseBridgeLine('{"type":"exec"}')).toBeNull();
  });
});
