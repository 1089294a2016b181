// JavaScript and TypeScript interactive sessions on Docker: a persistent Node context behind the
// same kernel bridge and supervisor resident as Python's Jupyter kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellTimeoutError, createInteractiveSession, PluginRegistry, type InteractiveSession, type InteractiveSessionOptions } from '@llmsb/core';
import { dockerBackend } from '@llmsb/backend-docker';
import { javascript, typescript } from '@llmsb/lang-js';
import { PROCESS_LISTING, requireNodeImage } from './helpers.js';

const open = (lang: 'javascript' | 'typescript', options: Omit<InteractiveSessionOptions, 'pool' | 'lang'> = {}) =>
  createInteractiveSession({ backend: 'docker', lang, ...options }, new PluginRegistry().use(dockerBackend(), javascript(), typescript()));

describe('an interactive JavaScript session on Docker', () => {
  let kernel: InteractiveSession;
  beforeAll(async () => {
    await requireNodeImage();
    kernel = await open('javascript', { interruptGraceMs: 1000 });
  }, 120_000);
  afterAll(async () => {
    await kernel?.close();
  });

  it('keeps variables between cells and returns the last expression as text/plain', async () => {
    expect(await kernel.run('let x = 1')).toMatchObject({ exitCode: 0, stdout: '', results: [] });
    expect(await kernel.run('console.log(x + 1)\nx + 41')).toMatchObject({ exitCode: 0, stdout: '2\n', results: [{ 'text/plain': '42' }] });
    expect((await kernel.run('({ a: [1, 2], s: "t" })')).results).toEqual([{ 'text/plain': "{ a: [ 1, 2 ], s: 't' }" }]);
    expect((await kernel.run('"text"')).results).toEqual([{ 'text/plain': "'text'" }]);
  });

  it('takes top-level await, and a const declared again in a later cell', async () => {
    expect((await kernel.run('const answer = await new Promise((resolve) => setTimeout(() => resolve(41), 50))\nanswer + 1')).results).toEqual([{ 'text/plain': '42' }]);
    expect((await kernel.run('const answer = "again"\nanswer')).results).toEqual([{ 'text/plain': "'again'" }]);
    const twice = await kernel.run('const once = 1\nconst once = 2');
    expect(twice).toMatchObject({ exitCode: 1, error: { name: 'SyntaxError' } });
  });

  it('takes import statements (as dynamic imports from the workdir) and require', async () => {
    await kernel.run('require("fs").writeFileSync("helper.mjs", "export const seven = 7; export default 35")');
    const result = await kernel.run('import { readFileSync } from "node:fs"\nimport * as path from "path"\nimport base, { seven } from "./helper.mjs"\nbase + seven + path.basename("/a/b").length - 1');
    expect(result).toMatchObject({ exitCode: 0, results: [{ 'text/plain': '42' }] });
    expect((await kernel.run('typeof readFileSync')).results).toEqual([{ 'text/plain': "'function'" }]);
  });

  it('streams console.log as the cell runs and keeps output of a child in order', async () => {
    const chunks: string[] = [];
    const result = await kernel.run('for (let i = 0; i < 3; i++) { console.log(i); await new Promise((r) => setTimeout(r, 50)) }\nrequire("child_process").execSync("echo child", { stdio: "inherit" })\nconsole.error("err")', {
      onStdout: (text) => chunks.push(text),
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: '0\n1\n2\nchild\n', stderr: 'err\n' });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
  });

  it('reports a thrown error as data, with the error name and without the kernel\'s frames', async () => {
    const result = await kernel.run('function explode() { throw new TypeError("boom") }\nexplode()');
    expect(result).toMatchObject({ exitCode: 1, success: false, error: { name: 'TypeError', value: 'boom' } });
    expect(result.error?.traceback.join('\n')).toContain('explode');
    expect(result.error?.traceback.join('\n')).not.toMatch(/inspector|evalmachine/);
  });

  it('interrupts a busy loop and a pending await at the timeout, keeping the variables', async () => {
    await kernel.run('let kept = 41');
    const busy = await kernel.run('console.log("before"); while (true) {}', { timeoutMs: 1000 }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(CellTimeoutError);
    expect(busy).toMatchObject({ kernelRestarted: false, stdout: 'before\n' });
    const waiting = await kernel.run('await new Promise(() => {})', { timeoutMs: 1000 }).catch((error: unknown) => error);
    expect(waiting).toMatchObject({ code: 'SANDBOX_TIMEOUT', kernelRestarted: false });
    expect((await kernel.run('kept + 1')).results).toEqual([{ 'text/plain': '42' }]);
  });

  it('ends the processes a cell started, detached ones too', async () => {
    await kernel.run('const { spawn } = require("child_process")\nspawn("sleep", ["300"], { detached: true, stdio: "ignore" }).unref()\nspawn("sh", ["-c", "setsid sleep 301 &"])');
    const listing = await kernel.session.executeCommand(PROCESS_LISTING);
    expect(listing.stdout).not.toMatch(/sleep 30[01]/);
  });
});

describe('an interactive TypeScript session on Docker', () => {
  it('strips types per cell and keeps state, imports included', async () => {
    await requireNodeImage();
    await using kernel = await open('typescript');
    const declared = await kernel.run('import type { Stats } from "node:fs"\nimport { sep } from "node:path"\ninterface Point { x: number; y: number }\nconst p: Point = { x: 3, y: 4 }');
    expect(declared).toMatchObject({ exitCode: 0 });
    const result = await kernel.run('const size = (q: Point): number => Math.hypot(q.x, q.y)\nsize(p)');
    expect(result).toMatchObject({ exitCode: 0, results: [{ 'text/plain': '5' }] });
    const wrong = await kernel.run('const broken: = 1');
    expect(wrong).toMatchObject({ exitCode: 1, error: { name: 'SyntaxError' } });
  });
});
