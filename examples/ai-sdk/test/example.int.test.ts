import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the AI SDK example', () => {
  it('runs the tool call in a sandbox and sends the plot to the model as an image', async () => {
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 110_000 });
    expect(stdout).toMatch(/tool stdout: "1\.0\\n" \| plots: image\/png \d+x\d+/);
    expect(stdout).toContain('sent to the model: text, file image/png');
    expect(stdout).toContain('answer: The sine peaks at about 1.');
  });
});
