import { shellQuote } from './shell.js';

/**
 * The script behind one `run()`: the source arrives on stdin and is written to `$1`, the
 * language's commands run in order (a failing step stops the rest), the file is removed, and the
 * exit code of the last step that ran is returned. One process start per run.
 */
export function runScript(commands: readonly string[]): string {
  const steps = commands.map((command) => `{ ${command}\n}`).join(' && ');
  return ['f="$1"', 'cat > "$f" || exit 125', steps || 'true', 'rc=$?', 'rm -f "$f"', 'exit $rc'].join('\n');
}

export function removeFileCommand(file: string): string {
  return `rm -f ${shellQuote(file)}`;
}
