import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIBRARY_VERSION } from '@llmsb/core';

describe('LIBRARY_VERSION', () => {
  it("is core's package.json version, read by the built package (no copy to keep in step)", () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(LIBRARY_VERSION).toBe(manifest.version);
    expect(LIBRARY_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
