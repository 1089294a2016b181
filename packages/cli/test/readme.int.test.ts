// The README's `js` examples, run as a user would run them: plain ES modules on this Node (20 in
// CI), against the real engine, importing the published package names.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cliDirectory = fileURLToPath(new URL('..', import.meta.url));
const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
const examples = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');

describe('the README’s examples', { timeout: 180_000 }, () => {
  it('has runnable examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((code, index) => [index + 1, code] as const))('example %i runs on this Node and exits 0', async (index, code) => {
    // The file sits in the CLI package, so `@llmsb/*` resolve as in an app; it runs in a scratch folder.
    const file = join(cliDirectory, `.readme-example-${index}.mjs`);
    const scratch = await mkdtemp(join(tmpdir(), 'llmsb-readme-'));
    try {
      await writeFile(file, code);
      const { stdout } = await run(process.execPath, [file], { cwd: scratch, timeout: 170_000 });
      expect(stdout.length).toBeGreaterThan(0);
      if (index === 1) expect(stdout).toMatch(/exitCode: 3,\s+stdout: 'hi\\n'/);
    } finally {
      await rm(file, { force: true });
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
