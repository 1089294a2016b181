import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { splitInteractiveOptions } from './interactive-options.js';
import { parseMaxMemory } from './upstream-options.js';

describe("upstream's interactive option names", () => {
  it('reads max_memory as Docker does (binary units), rounding up to whole MiB', () => {
    expect(parseMaxMemory('1GB')).toBe(1024);
    expect(parseMaxMemory('512m')).toBe(512);
    expect(parseMaxMemory('2 GiB')).toBe(2048);
    expect(parseMaxMemory('1.5g')).toBe(1536);
    expect(parseMaxMemory(1024 ** 2 + 1)).toBe(2);
    for (const bad of ['lots', '-1GB', '0', '1PB', '']) expect(() => parseMaxMemory(bad)).toThrow(ValidationError);
  });

  it('maps kernel_type, max_memory, history_size and timeout onto our options', () => {
    const { session, kernel } = splitInteractiveOptions({
      lang: 'python',
      kernel_type: 'ipython',
      max_memory: '256MB',
      history_size: 5,
      timeout: 2.5,
    });
    expect(session).toEqual({ lang: 'python', executionTimeoutMs: 2500, runtimeConfig: { memoryMB: 256 } });
    expect(kernel).toEqual({ interruptGraceMs: 2000, kernelStartTimeoutMs: 60_000, historySize: 5 });
    expect(splitInteractiveOptions({ timeout: null, max_memory: null }).session).toEqual({
      executionTimeoutMs: null,
      runtimeConfig: { memoryMB: null },
    });
  });

  it("refuses upstream's other options, a kernel_type we do not run, and a name given twice", () => {
    const refused = [
      { enable_magic: false },
      { poll_interval: 0.1 },
      { kernel_type: 'standard' },
      { history_size: 5, historySize: 5 },
      { timeout: 3, executionTimeoutMs: 3000 },
      { max_memory: '1g', runtimeConfig: { memoryMB: 512 } },
      { timeout: -1 },
      { history_size: -1 },
    ];
    for (const options of refused) expect(() => splitInteractiveOptions(options as never), JSON.stringify(options)).toThrow(ValidationError);
  });

  it("refuses max_memory on a pool's sandbox, whose limit was set when the pool made it", () => {
    expect(() => splitInteractiveOptions({ pool: {} as never, max_memory: '1g' })).toThrow(/pool/);
  });
});
