import { describe, expect, it } from 'vitest';
import { isNpmPackageSpec } from './npm.js';
import { scannerSyntaxes } from '@llmsb/core';
import { javascript } from './javascript.js';

describe('npm package names', () => {
  it.each(['axios', 'lodash@4.17.21', '@types/node', '@scope/pkg@^1.2.0', 'left-pad@latest', 'JSONStream', 'a.b_c~d'])('accepts %s', (name) =>
    expect(isNpmPackageSpec(name)).toBe(true),
  );
  it.each([
    'axios; touch /tmp/pwned',
    '$(id)',
    '`id`',
    '-g',
    '../x',
    'git+https://x/y',
    'npm:axios',
    'file:/tmp',
    'a b',
    '',
    '@/x',
    '.hidden',
    'a\nb',
    'x@git+ssh',
    'x@github',
    '@s/x@file',
    'user/repo',
    './x',
    '/x',
    'x.tgz/y',
    'https://x/y.tgz',
  ])('refuses %j', (name) => expect(isNpmPackageSpec(name)).toBe(false));
});

describe('JavaScript import patterns', () => {
  const catches = (code: string, module = 'fs') => new RegExp((javascript().scanner ?? scannerSyntaxes.javascript).importPattern(module)).test(code);
  it.each([
    `require('fs')`,
    `require("fs/promises")`,
    `require('node:fs')`,
    `import x from 'fs'`,
    `import { readFile } from "fs/promises"`,
    `await import('fs')`,
    `import 'fs'`,
  ])('catches %s', (code) => expect(catches(code)).toBe(true));
  it.each([`require('fsx')`, `myrequire('fs')`, `const fs = 1`])('ignores %s', (code) => expect(catches(code)).toBe(false));
});
