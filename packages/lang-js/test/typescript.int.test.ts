// TypeScript behaviour on the real engine: tsx runs it without a separate build step.
import { beforeAll, describe, expect, it } from 'vitest';
import { SandboxTimeoutError, ValidationError } from '@llmsb/core';
import { open, PROCESS_LISTING, requireNodeImage } from './helpers.js';

beforeAll(requireNodeImage);

describe('TypeScript on Docker', () => {
  it('runs the seed hello with a type annotation', async () => {
    await using session = await open('typescript');
    const result = await session.run('const greeting: string = "Hello, World!";\nconsole.log(greeting);');
    expect(result).toEqual({ exitCode: 0, stdout: 'Hello, World!\n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('runs interfaces, generics and imports of Node built-ins', async () => {
    await using session = await open('typescript');
    const code =
      'import { basename } from "node:path";\ninterface P { name: string }\nconst first = <T,>(xs: T[]): T | undefined => xs[0];\nconst p: P = { name: basename("/x/y.ts") };\nconsole.log(first([p])?.name);';
    expect(await session.run(code)).toMatchObject({ exitCode: 0, stdout: 'y.ts\n' });
  });

  it('runs ES module code with top-level await, and CommonJS code with require', async () => {
    await using session = await open('typescript');
    const esm = await session.run(
      'import { setTimeout as sleep } from "node:timers/promises";\nconst v: string = await sleep(10, "awaited");\nconsole.log(v);',
    );
    expect(esm).toMatchObject({ exitCode: 0, stdout: 'awaited\n' });
    const cjs = await session.run('const os = require("node:os") as typeof import("node:os");\nconsole.log(typeof os.cpus);');
    expect(cjs).toMatchObject({ exitCode: 0, stdout: 'function\n' });
  });

  it('keeps stdout and stderr apart and returns process.exit codes', async () => {
    await using session = await open('typescript');
    const result = await session.run('console.log("out"); console.error("err"); process.exit(4 as number);');
    expect(result).toMatchObject({ exitCode: 4, stdout: 'out\n', stderr: 'err\n' });
  });

  it('reports a runtime error, and a syntax error, as failed runs', async () => {
    await using session = await open('typescript');
    const thrown = await session.run('const n: number = 1;\nthrow new Error("boom " + n);');
    expect(thrown.exitCode).toBe(1);
    expect(thrown.stderr).toMatch(/Error: boom 1\n\s+at .*\/sandbox\/llmsb_[0-9a-f]+\.ts:2:/);
    const broken = await session.run('const x: number = ;');
    expect(broken.exitCode).not.toBe(0);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/Unexpected|Expected/);
  });

  it('kills a busy loop at the timeout and runs the next code', async () => {
    await using session = await open('typescript');
    await expect(session.run('let n: number = 0; for (;;) { n++; }', { timeoutMs: 2_000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    expect((await session.executeCommand(PROCESS_LISTING, { user: 'root' })).stdout).not.toMatch(/llmsb_[0-9a-f]+\.ts/);
    expect((await session.run('console.log(2 + 2 as number)')).stdout).toBe('4\n');
    expect((await session.executeCommand('find /sandbox -type f')).stdout).toBe('');
  });

  it('installs an npm package with its types and imports it in the next run', async () => {
    await using session = await open('typescript');
    await session.install(['left-pad@1.3.0']);
    const result = await session.run('import leftPad from "left-pad";\nconst s: string = leftPad("7", 3, "0");\nconsole.log(s);');
    expect(result).toMatchObject({ exitCode: 0, stdout: '007\n' });
  });

  it('refuses a library name crafted for shell injection', async () => {
    await using session = await open('typescript');
    await expect(session.install(['`touch /tmp/pwned`'])).rejects.toBeInstanceOf(ValidationError);
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });
});
