import { describe, expect, it } from 'vitest';
import { ValidationError, type LanguageHandler } from '@llmsb/core';
import { cpp, type CppOptions } from './cpp.js';

/** The error `cpp(options)` throws, or undefined. */
function thrown(options: unknown): unknown {
  try {
    cpp(options as CppOptions);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('cpp() options', () => {
  it('accepts good options', () => {
    const handler: LanguageHandler = cpp({
      standard: 'gnu++20',
      compilerFlags: ['-Wall', '-pthread', '-DX=a b'],
      aptMirror: 'file:///srv/debian',
      aptSuite: 'bookworm-updates',
    });
    expect(handler.runCommands('/sandbox/a.cpp')[0]).toContain("-std=gnu++20 -O2 -Wall -pthread '-DX=a b'");
    expect(handler.installCommand?.(['libfmt-dev'])).toContain('file:///srv/debian bookworm-updates');
    expect(() => cpp({ aptSuite: 'stable' })).not.toThrow();
  });

  it.each([
    [{ standard: 'c++11' }, 'standard', '"c++11"'],
    [{ standard: 'c++17; id' }, 'standard', '"c++17; id"'],
    [{ standard: 17 }, 'standard', '17'],
    [{ aptMirror: 'ftp://mirror.example/debian' }, 'aptMirror', '"ftp://mirror.example/debian"'],
    [{ aptMirror: "https://x.example/'; id; '" }, 'aptMirror', 'https://x.example/'],
    [{ aptMirror: 42 }, 'aptMirror', '42'],
    [{ aptMirror: 'https://m.example', aptSuite: 'bookworm main\ndeb http://evil.example/ sid' }, 'aptSuite', 'bookworm main\\ndeb'],
    [{ aptSuite: '' }, 'aptSuite', '""'],
    [{ aptSuite: '-oAPT::x' }, 'aptSuite', '"-oAPT::x"'],
    [{ compilerFlags: '-Wall' }, 'compilerFlags', '"-Wall"'],
    [{ compilerFlags: ['-Wall', 3] }, 'compilerFlags', '3'],
    [{ compilerFlags: [''] }, 'compilerFlags', '""'],
    [{ compilerFlags: ['-Da\0b'] }, 'compilerFlags', '-Da\\u0000b'],
  ])('refuses %j with a ValidationError naming the option and the value', (options, option, value) => {
    const error = thrown(options);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(`option ${option}`);
    expect((error as Error).message).toContain(value);
  });

  it('refuses options that are not an object', () => {
    expect(thrown(null)).toBeInstanceOf(ValidationError);
    expect(thrown('c++20')).toBeInstanceOf(ValidationError);
  });
});
