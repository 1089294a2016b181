/** Only a warm run's interpreter is `python3 -P` (the fork server's); the sandbox's own is not. */
export const IS_WARM = 'import sys\nprint(int(sys.flags.safe_path))';

/** The two ways a Python run starts: a cold interpreter, or a child of the warm one. */
export const PYTHON_MODES = [
  { mode: 'cold', warmStart: false },
  { mode: 'warm', warmStart: true },
] as const;

/** Resolves once runs of a Python session (plain or artifact) fork from its warm interpreter (`warmStart: true`). */
export async function untilWarm<S extends { run(code: string): Promise<{ readonly stdout: string }> }>(session: S): Promise<S> {
  for (const start = Date.now(); Date.now() - start < 60_000;) {
    if ((await session.run(IS_WARM)).stdout === '1\n') return session;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('runs did not become warm within 60 s');
}
