// JavaScript behaviour on the real engine and the real image (`pnpm llmsb images build javascript`).
import { beforeAll, describe, expect, it } from 'vitest';
import { SandboxTimeoutError, ValidationError } from '@llmsb/core';
import { open, PROCESS_LISTING, requireNodeImage } from './helpers.js';

beforeAll(requireNodeImage);

describe('JavaScript on Docker', () => {
  it('runs hello world with node from a file in the workdir', async () => {
    await using session = await open('javascript');
    const result = await session.run('console.log("Hello, World!", process.cwd(), typeof require)');
    expect(result).toEqual({ exitCode: 0, stdout: 'Hello, World! /sandbox function\n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('runs ES module code (static import) as well as CommonJS', async () => {
    await using session = await open('javascript');
    const result = await session.run('import { join } from "node:path";\nconst x = await Promise.resolve(join("a", "b"));\nconsole.log(x);');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'a/b\n' });
  });

  it('keeps stdout and stderr apart and returns process.exit codes', async () => {
    await using session = await open('javascript');
    const result = await session.run('console.log("out"); console.error("err"); process.exit(3);');
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', success: false });
  });

  it('reports an uncaught error as a failed run with its stack', async () => {
    await using session = await open('javascript');
    const result = await session.run('const x = 1;\nthrow new TypeError("boom");');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/llmsb_[0-9a-f]+\.js:2\n.*TypeError: boom/s);
  });

  it('kills a busy loop at the timeout and runs the next code', async () => {
    await using session = await open('javascript');
    const failure = await session.run('console.log("spinning"); for (;;) {}', { timeoutMs: 1_500 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxTimeoutError);
    expect((failure as SandboxTimeoutError).stdout).toBe('spinning\n');
    expect((await session.executeCommand(PROCESS_LISTING, { user: 'root' })).stdout).not.toMatch(/node \/sandbox\/llmsb_/);
    expect((await session.run('console.log(2 + 2)')).stdout).toBe('4\n');
  });

  it('runs the seed axios example: installed from npm (through the proxy CA), used offline in the run', async () => {
    await using session = await open('javascript');
    const code = [
      "const axios = require('axios');",
      "const client = axios.create({ baseURL: 'https://api.example.test', timeout: 1000 });",
      "console.log(typeof client.get, client.defaults.baseURL, client.getUri({ url: '/users', params: { id: 1 } }));",
    ].join('\n');
    const result = await session.run(code, { libraries: ['axios'] });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'function https://api.example.test https://api.example.test/users?id=1\n' });
    const esm = await session.run("import axios from 'axios';\nconsole.log(typeof axios.create);");
    expect(esm).toMatchObject({ exitCode: 0, stdout: 'function\n' });
  });

  it('refuses a library name crafted for shell injection before running anything', async () => {
    await using session = await open('javascript');
    await expect(session.install(['axios; touch /tmp/pwned'])).rejects.toBeInstanceOf(ValidationError);
    await expect(session.run('1', { libraries: ['$(touch /tmp/pwned)'] })).rejects.toBeInstanceOf(ValidationError);
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });
});
