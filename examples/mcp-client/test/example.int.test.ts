import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the MCP client example', () => {
  it('prints two images and an HTML resource, a session that counts to three, and a timeout with its partial output', async () => {
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 110_000 });
    expect(stdout).toContain('tools: execute_code');
    expect(stdout).toContain('execute_code stdout: "three figures\\n" | content: text, image image/png, image image/png, resource text/html');
    expect(stdout).toMatch(/run_in_session: run 1\nrun_in_session: run 2\nrun_in_session: run 3 -> 30\n/);
    expect(stdout).toContain('timeout: isError = true | status = timeout | partial stdout = "started\\n"');
  });
});
