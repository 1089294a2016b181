/**
 * The scripts behind one `run()`, one per step (a compiled language has two: compile, then run).
 * The source arrives on the first step's stdin and is written to `$1`; each step runs its
 * command; the file is removed after the last step, or after the first step that fails. A
 * one-step language costs one process start per run.
 */
export function runScripts(commands: readonly string[]): string[] {
  const steps = commands.length > 0 ? commands : ['true'];
  return steps.map((command, index) => {
    const last = index === steps.length - 1;
    return [
      'f="$1"',
      ...(index === 0 ? ['cat > "$f" || exit 125'] : []),
      `{ ${command}\n}`,
      'rc=$?',
      last ? 'rm -f "$f"' : '[ $rc -eq 0 ] || rm -f "$f"',
      'exit $rc',
    ].join('\n');
  });
}

/** The single script of a one-step run (kept for benchmarks that reproduce a run by hand). */
export function runScript(commands: readonly string[]): string {
  return runScripts([commands.join(' && ')])[0] ?? '';
}
