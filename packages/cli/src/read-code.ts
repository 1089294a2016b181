import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error.js';

/** The code to run: `-e CODE`, else FILE, else stdin (also for FILE `-`). */
export async function readCode(evalCode: string | undefined, positionals: readonly string[]): Promise<string> {
  if (positionals.length > 1) throw new UsageError(`Expected at most one FILE, got ${positionals.length}: ${positionals.join(' ')}.`);
  const file = positionals[0];
  if (evalCode !== undefined) {
    if (file !== undefined) throw new UsageError('Give either -e CODE or FILE, not both.');
    return evalCode;
  }
  if (file !== undefined && file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
  }
  return readStdin();
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('[llmsb] reading code from stdin; end it with Ctrl-D\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
