import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the LangChain example', () => {
  it('answers the tool call with the result as content and the plot as the artifact', async () => {
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 110_000 });
    expect(stdout).toContain('execute_code: exit 0, stdout "6\\n"');
    expect(stdout).toMatch(/artifact: plot-1\.png image\/png \d+ bytes/);
  });
});
