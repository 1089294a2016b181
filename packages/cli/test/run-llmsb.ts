import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary, run the way users run it (`pnpm build` comes first). */
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Working folder. Default: this process's. */
  readonly cwd?: string | undefined;
  /** What the command reads on stdin. Default: nothing. */
  readonly stdin?: string | undefined;
  /** Variables added to this process's environment. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** Runs `llmsb ARGS` and collects what it printed and its exit code. */
export function runLlmsb(args: readonly string[], options: RunOptions = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
