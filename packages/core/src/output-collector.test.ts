import { describe, expect, it } from 'vitest';
import { OutputDecodingError } from './errors.js';
import { OutputCollector } from './output-collector.js';

describe('OutputCollector', () => {
  it('decodes a character split across chunks', () => {
    const bytes = Buffer.from('né✓😀');
    const collector = new OutputCollector(1024);
    const streamed = [...bytes].map((byte) => collector.push(Uint8Array.of(byte))).join('') + collector.flush();
    expect(streamed).toBe('né✓😀');
    expect(collector.text()).toBe('né✓😀');
  });

  it('keeps the head and the tail of a flood and says how much was dropped', () => {
    const collector = new OutputCollector(100);
    for (let i = 0; i < 1000; i += 1) collector.push(Buffer.from(`${String(i).padStart(4, '0')}\n`));
    const text = collector.text();
    expect(collector.truncated).toBe(true);
    expect(text.startsWith('0000\n0001\n')).toBe(true);
    expect(text.endsWith('0998\n0999\n')).toBe(true);
    expect(text).toContain('[llmsb: 4900 bytes of output truncated]');
  });

  it('never cuts a multi-byte character at the truncation edges', () => {
    const collector = new OutputCollector(11);
    collector.push(Buffer.from('✓'.repeat(100)));
    expect(collector.text()).not.toContain('\uFFFD');
  });

  it('replaces invalid UTF-8 with U+FFFD, or fails in strict mode', () => {
    const loose = new OutputCollector(100);
    loose.push(Uint8Array.of(0x6f, 0x6b, 0xff, 0x0a));
    expect(loose.text()).toBe('ok\uFFFD\n');
    const strict = new OutputCollector(100, 'strict');
    strict.push(Uint8Array.of(0xff));
    expect(() => strict.text()).toThrow(OutputDecodingError);
  });
});
