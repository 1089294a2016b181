// JavaScript and TypeScript interactive sessions on Docker: a persistent Node context behind the
// same kernel bridge and supervisor resident as Python's Jupyter kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CellTimeoutError,
  createInteractiveSession,
  KernelDiedError,
  PluginRegistry,
  type InteractiveSession,
  type InteractiveSessionOptions,
} from '@llmsb/core';
import { dockerBackend } from '@llmsb/backend-docker';
import { javascript, typescript } from '@llmsb/lang-js';
import { PROCESS_LISTING, requireNodeImage } from './helpers.js';

const open = (lang: 'javascript' | 'typescript', options: Omit<InteractiveSessionOptions, 'pool' | 'lang'> = {}) =>
  createInteractiveSession({ backend: 'docker', lang, ...options }, new PluginRegistry().use(dockerBackend(), javascript(), typescript()));

/** One JavaScript kernel for the tests of a describe block: opened before them (handed to `use`), closed after. */
function shareJavaScriptKernel(use: (kernel: InteractiveSession) => void): void {
  let kernel: InteractiveSession | undefined;
  beforeAll(async () => {
    await requireNodeImage();
    kernel = await open('javascript', { interruptGraceMs: 1000 });
    use(kernel);
  }, 120_000);
  afterAll(async () => {
    await kernel?.close();
  });
}

describe('an interactive JavaScript session on Docker', () => {
  let kernel!: InteractiveSession;
  shareJavaScriptKernel((opened) => (kernel = opened));

  it('keeps variables between cells and returns the last expression as text/plain', async () => {
    expect(await kernel.run('let x = 1')).toMatchObject({ exitCode: 0, stdout: '', results: [] });
    expect(await kernel.run('console.log(x + 1)\nx + 41')).toMatchObject({ exitCode: 0, stdout: '2\n', results: [{ 'text/plain': '42' }] });
    expect((await kernel.run('({ a: [1, 2], s: "t" })')).results).toEqual([{ 'text/plain': "{ a: [ 1, 2 ], s: 't' }" }]);
    expect((await kernel.run('"text"')).results).toEqual([{ 'text/plain': "'text'" }]);
  });

  it('takes top-level await, and a const declared again in a later cell', async () => {
    expect((await kernel.run('const answer = await new Promise((resolve) => setTimeout(() => resolve(41), 50))\nanswer + 1')).results).toEqual([
      { 'text/plain': '42' },
    ]);
    expect((await kernel.run('const answer = "again"\nanswer')).results).toEqual([{ 'text/plain': "'again'" }]);
    const twice = await kernel.run('const once = 1\nconst once = 2');
    expect(twice).toMatchObject({ exitCode: 1, error: { name: 'SyntaxError' } });
  });

  it('takes import statements (as dynamic imports from the workdir) and require', async () => {
    await kernel.run('require("fs").writeFileSync("helper.mjs", "export const seven = 7; export default 35")');
    const result = await kernel.run(
      'import { readFileSync } from "node:fs"\nimport * as path from "path"\nimport base, { seven } from "./helper.mjs"\nbase + seven + path.basename("/a/b").length - 1',
    );
    expect(result).toMatchObject({ exitCode: 0, results: [{ 'text/plain': '42' }] });
    expect((await kernel.run('typeof readFileSync')).results).toEqual([{ 'text/plain': "'function'" }]);
  });

  it('streams console.log as the cell runs and keeps output of a child in order', async () => {
    const chunks: string[] = [];
    const result = await kernel.run(
      'for (let i = 0; i < 3; i++) { console.log(i); await new Promise((r) => setTimeout(r, 50)) }\nrequire("child_process").execSync("echo child", { stdio: "inherit" })\nconsole.error("err")',
      {
        onStdout: (text) => chunks.push(text),
      },
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: '0\n1\n2\nchild\n', stderr: 'err\n' });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
  });

  it("reports a thrown error as data, with the error name and without the kernel's frames", async () => {
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
    expect(waiting).toMatchObject({ code: 'LLMSB_SANDBOX_TIMEOUT', kernelRestarted: false });
    expect((await kernel.run('kept + 1')).results).toEqual([{ 'text/plain': '42' }]);
  });

  it('ends the processes a cell started, detached ones too', async () => {
    await kernel.run(
      'const { spawn } = require("child_process")\nspawn("sleep", ["300"], { detached: true, stdio: "ignore" }).unref()\nspawn("sh", ["-c", "setsid sleep 301 &"])',
    );
    const listing = await kernel.session.executeCommand(PROCESS_LISTING);
    expect(listing.stdout).not.toMatch(/sleep 30[01]/);
  });
});

describe('hostile cells in a JavaScript session on Docker', () => {
  let kernel!: InteractiveSession;
  shareJavaScriptKernel((opened) => (kernel = opened));

  it("cannot reach the bridge's stream: the bridge is not dumpable, so its /proc fds are not the code's", async () => {
    const result = await kernel.run(
      'let opened; try { require("fs").openSync(`/proc/${process.ppid}/fd/1`, "w"); opened = "opened" } catch (error) { opened = error.code }\nopened',
    );
    expect(result.results).toEqual([{ 'text/plain': "'EACCES'" }]);
    const mem = await kernel.run(
      'let peeked; try { require("fs").openSync(`/proc/${process.ppid}/mem`, "r"); peeked = "opened" } catch (error) { peeked = error.code }\npeeked',
    );
    expect(mem.results).toEqual([{ 'text/plain': "'EACCES'" }]);
  });

  it('a cell that kills the bridge or exits the kernel gets KernelDiedError, and the next cell a fresh kernel', async () => {
    await kernel.run('let doomed = 1');
    expect(await kernel.run('process.kill(process.ppid, "SIGKILL"); await new Promise(() => {})').catch((error: unknown) => error)).toBeInstanceOf(
      KernelDiedError,
    );
    expect((await kernel.run('typeof doomed')).results).toEqual([{ 'text/plain': "'undefined'" }]);
    expect(await kernel.run('process.exit(0)').catch((error: unknown) => error)).toBeInstanceOf(KernelDiedError);
    expect((await kernel.run('6 * 7')).results).toEqual([{ 'text/plain': '42' }]);
  });

  it('restarts a kernel that ignores the interrupt (a busy loop after an await, or no SIGINT handler) and says the state is lost', async () => {
    await kernel.run('let lost = 1');
    const busy = await kernel
      .run('await new Promise((r) => setTimeout(r, 10)); while (true) {}', { timeoutMs: 800 })
      .catch((error: unknown) => error);
    expect(busy).toMatchObject({ code: 'LLMSB_SANDBOX_TIMEOUT', kernelRestarted: true });
    expect((await kernel.run('typeof lost')).results).toEqual([{ 'text/plain': "'undefined'" }]);
    // Without its SIGINT handler the kernel is either stopped or killed; the error says which.
    await kernel.run('let maybe = 1');
    const deaf = await kernel
      .run('process.removeAllListeners("SIGINT"); await new Promise(() => {})', { timeoutMs: 800 })
      .catch((error: unknown) => error);
    expect(deaf).toBeInstanceOf(CellTimeoutError);
    const gone = (await kernel.run('typeof maybe')).results[0]?.['text/plain'] === "'undefined'";
    expect((deaf as CellTimeoutError).kernelRestarted).toBe(gone);
  });

  it("a cell can forge its own cell's messages, but not past the output cap, and restart() puts the session right", async () => {
    await using kernel = await open('javascript', { maxOutputBytes: 1000 });
    const forged = await kernel.run(
      [
        'const fs = require("fs")',
        // The message pipe: the kernel's first write-only pipe after 0, 1 and 2.
        'const writeOnlyPipe = (n) => fs.readlinkSync(`/proc/self/fd/${n}`).startsWith("pipe:") && /flags:\\t\\d*1\\n/.test(fs.readFileSync(`/proc/self/fdinfo/${n}`, "utf8"))',
        'const fd = fs.readdirSync("/proc/self/fd").map(Number).sort((a, b) => a - b).find((n) => n > 2 && writeOnlyPipe(n))',
        'fs.writeSync(fd, JSON.stringify({ type: "result", data: { "text/plain": "x".repeat(2 * 1024 * 1024) } }) + "\\n")',
        'fs.writeSync(fd, JSON.stringify({ type: "result", data: { "text/plain": "y".repeat(5000) } }) + "\\n")',
        'fs.writeSync(fd, JSON.stringify({ type: "result", data: { "text/plain": "forged" } }) + "\\n")',
        'fs.writeSync(fd, JSON.stringify({ type: "done", status: "ok" }) + "\\n")',
      ].join('\n'),
    );
    // The over-long line is dropped, the result past maxOutputBytes too (truncated).
    expect(forged).toMatchObject({ truncated: true, results: [{ 'text/plain': 'forged' }] });
    await kernel.restart();
    expect((await kernel.run('"clean"')).results).toEqual([{ 'text/plain': "'clean'" }]);
  });
});

describe('an interactive TypeScript session on Docker', () => {
  it('strips types per cell and keeps state, imports included', async () => {
    await requireNodeImage();
    await using kernel = await open('typescript');
    const declared = await kernel.run(
      'import type { Stats } from "node:fs"\nimport { sep } from "node:path"\ninterface Point { x: number; y: number }\nconst p: Point = { x: 3, y: 4 }',
    );
    expect(declared).toMatchObject({ exitCode: 0 });
    const result = await kernel.run('const size = (q: Point): number => Math.hypot(q.x, q.y)\nsize(p)');
    expect(result).toMatchObject({ exitCode: 0, results: [{ 'text/plain': '5' }] });
    const wrong = await kernel.run('const broken: = 1');
    expect(wrong).toMatchObject({ exitCode: 1, error: { name: 'SyntaxError' } });
  });
});
