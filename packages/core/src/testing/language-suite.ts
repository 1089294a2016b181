import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxTimeoutError } from '../errors.js';
import type { Session } from '../session.js';

/**
 * Programs in the language under test. Each must do exactly what its comment says; the suite
 * checks the outputs byte for byte.
 */
export interface LanguageSamples {
  /** Prints `hello` and a newline to stdout, nothing to stderr, exits 0. */
  readonly hello: string;
  /** Prints `out` + newline to stdout, then `err` + newline to stderr, then exits with status 3. */
  readonly outErrExit3: string;
  /** Prints `héllo wörld ✓ 日本語 🚀` and a newline to stdout. */
  readonly utf8: string;
  /** Prints `spinning` + newline to stdout (flushed), then loops forever without sleeping. */
  readonly busyLoop: string;
  /** A program that fails to compile (compiled languages only; needs `runStep`). */
  readonly compileError?: string;
  /** What the compiler's message for `compileError` looks like in stderr (file name and line included). */
  readonly compileErrorStderr?: RegExp;
}

export interface LanguageSuiteOptions {
  /**
   * For a language that compiles then runs: the name of the step that runs the program and of the
   * one that compiles it (`failedStep` of a failing result), e.g. `{ run: 'run', compile: 'compile' }`.
   * Default: a single step, so a failing result names none.
   */
  readonly steps?: { readonly run: string; readonly compile: string };
  /** Timeout given to the busy loop. Default: 3 000 ms (compiled languages need more). */
  readonly busyLoopTimeoutMs?: number;
  /**
   * After the killed busy loop, the workdir is empty and no process of the run (`llmsb_*` on its
   * command line) is left: for languages whose runs leave build products (a binary) to clean up.
   */
  readonly leavesNothingAfterTimeout?: boolean;
  /** Per-test timeout. Default: 120 000 ms. */
  readonly timeoutMs?: number;
}

type Result = Awaited<ReturnType<Session['run']>>;

/**
 * The behaviour every language plugin must have on a real engine: output, exit status, UTF-8,
 * timeouts, compile errors. Run it from a language package's tests with a session of that
 * language: `describeLanguage('bash', () => createSession({ lang: 'bash' }, registry), samples)`.
 * One session serves every case, which also checks that runs do not disturb each other.
 */
export function describeLanguage(name: string, open: () => Promise<Session>, samples: LanguageSamples, options: LanguageSuiteOptions = {}): void {
  const timeout = options.timeoutMs ?? 120_000;
  const failingStep = options.steps ? { failedStep: options.steps.run } : {};

  describe(`${name} language conformance`, { timeout }, () => {
    let session: Session;
    beforeAll(async () => {
      session = await open();
    }, timeout * 2);
    afterAll(async () => {
      await session?.close();
    }, timeout);

    const cases: ReadonlyArray<{ readonly title: string; readonly code: string; readonly expected: Partial<Result> }> = [
      {
        title: 'runs hello world: stdout only, exit code 0',
        code: samples.hello,
        expected: { exitCode: 0, stdout: 'hello\n', stderr: '', success: true },
      },
      {
        title: 'keeps stdout and stderr apart and returns the exit code',
        code: samples.outErrExit3,
        expected: { exitCode: 3, stdout: 'out\n', stderr: 'err\n', success: false, ...failingStep },
      },
      {
        title: 'prints UTF-8 text intact',
        code: samples.utf8,
        expected: { exitCode: 0, stdout: 'héllo wörld ✓ 日本語 🚀\n', stderr: '', success: true },
      },
    ];

    for (const { title, code, expected } of cases) {
      it(title, async () => {
        expect(await session.run(code)).toEqual({ ...expected, usage: expect.any(Object) });
      });
    }

    it('kills a busy loop at the timeout with the output so far, and the next run works', async () => {
      const timeoutMs = options.busyLoopTimeoutMs ?? 3_000;
      const failure = await session.run(samples.busyLoop, { timeoutMs }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SandboxTimeoutError);
      expect(failure).toMatchObject({ timeoutMs, stdout: 'spinning\n' });
      if (options.leavesNothingAfterTimeout) {
        // The bracket keeps this command's own command line from matching.
        const left = await session.executeCommand(
          "ls -A /sandbox; cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\000' '\\n' | grep -c 'llmsb[_]' || true",
        );
        expect(left.stdout).toBe('0\n');
      }
      expect(await session.run(samples.hello)).toMatchObject({ exitCode: 0, stdout: 'hello\n', stderr: '' });
    });

    const { compileError } = samples;
    if (compileError !== undefined && options.steps) {
      const compileStep = options.steps.compile;
      it('names the compile step when the code does not compile, and runs nothing', async () => {
        const result = await session.run(compileError);
        expect(result).toMatchObject({ success: false, stdout: '', failedStep: compileStep });
        expect(result.exitCode).not.toBe(0);
        expect(result.stderr).toMatch(samples.compileErrorStderr ?? /./);
      });
    }
  });
}
