import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { executableBinary } from './executable.js';

const binary = (mode: number) => {
  const folder = mkdtempSync(join(tmpdir(), 'llmsb-exec-'));
  const path = join(folder, 'tool');
  writeFileSync(path, '#!/bin/sh\necho ran\n');
  chmodSync(folder, 0o755);
  chmodSync(path, mode);
  return path;
};

describe('a supervisor binary that lost its execute bit (as pnpm pack drops it)', () => {
  it('is used as is when executable, and made executable in place when this user owns it', () => {
    const ready = binary(0o755);
    expect(executableBinary(ready, 'tool-1')).toBe(ready);
    const packed = binary(0o644);
    expect(executableBinary(packed, 'tool-1')).toBe(packed);
    expect(statSync(packed).mode & 0o777).toBe(0o755);
  });

  it.runIf(process.getuid?.() === 0)('is copied, executable, into a private cache when another user owns it', () => {
    const packed = binary(0o644);
    const cache = mkdtempSync(join(tmpdir(), 'llmsb-cache-'));
    chmodSync(cache, 0o777);
    // Run as nobody, who cannot chmod root's file: the fallback must kick in.
    const module = fileURLToPath(new URL('./executable.ts', import.meta.url));
    const script = `import('${module.replace(/\.ts$/, '.js').replace('/src/', '/dist/')}').then((m) => process.stdout.write(m.executableBinary(${JSON.stringify(packed)}, 'tool-2')))`;
    const copy = execFileSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, env: { XDG_CACHE_HOME: cache } }).toString();
    expect(copy).toBe(join(cache, 'llmsb', `tool-2-${statSync(packed).size}`));
    expect(statSync(copy).mode & 0o777).toBe(0o755);
    expect(statSync(join(cache, 'llmsb')).mode & 0o777).toBe(0o700);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(packed, 'utf8'));
    expect(statSync(packed).mode & 0o777).toBe(0o644);
  });
});
