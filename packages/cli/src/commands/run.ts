import { SandboxTimeoutError, type LanguageHandler, type Session } from '@llmsb/core';
import { oneOf, parse, positiveInteger } from '../args.js';
import { EXIT } from '../errors-to-exit.js';
import { errorOutcome, exitedOutcome, writeOutcome, type RunOutcome } from '../exit-code-json.js';
import { describeLanguages } from '../languages.js';
import { CLI_BACKENDS, openSession } from '../open-session.js';
import { loadPlugins, resolveLanguage } from '../plugins.js';
import { progress } from '../progress.js';
import { readCode } from '../read-code.js';
import { UsageError } from '../usage-error.js';

export const runUsage = `Usage: llmsb run --lang LANG [-e CODE | FILE] [options]

Runs code in a fresh sandbox (Docker unless --backend says otherwise). Code comes from -e, else FILE, else stdin. The program's
stdout and stderr stream through unchanged; llmsb exits with the program's exit code.

Options:
  --lang LANG          language: ${describeLanguages()}
  -e, --eval CODE      code to run
  --backend NAME       docker (default), podman, micromamba or kubernetes (the current
                       kube config context and its namespace)
  --image IMG          run in this image (pulled when missing) instead of the language's own
  --timeout-ms N       kill the run after N ms (default 60000); exit code 124
  --network MODE       install (default: offline while code runs, online only while
                       --lib installs), bridge (always online) or none (never)
  --lib NAME           install a library first (repeatable)
  --plugin PKG         load a third-party plugin package (name resolved from the current
                       directory's project, or a path; repeatable). Without it, a language
                       is also found in a direct dependency whose package.json has an
                       "llmsb" field naming it
  --disk-mb N|none     MiB the code may write per writable place (default 1024); none
                       turns the bound off, as an --image that is not llmsb's needs
  --read-only          read-only root: the workdir and /tmp become tmpfs of --disk-mb
  --exit-code-json PATH
                       write how the run ended to PATH as JSON: {"outcome": "exited",
                       "programExitCode": N, "failedStep"?}, {"outcome": "timeout" |
                       "interrupted"} or {"outcome": "llmsb-error", "errorCode", "message"}
  -v, --verbose        log what llmsb does to stderr
  -h, --help           show this help

Exit codes: the program's own; 125 when llmsb, the engine or the sandbox fails (or the command
line is wrong); 124 on timeout; 130 on Ctrl-C. Each of llmsb's outcomes prints one "llmsb: ..."
line on stderr, and so does a failed compile step (its exit code is passed through). A program
can exit 124, 125 or 130 itself: --exit-code-json tells them apart for certain.
`;

const OPTIONS = {
  lang: { type: 'string' },
  backend: { type: 'string' },
  eval: { type: 'string', short: 'e' },
  image: { type: 'string' },
  'timeout-ms': { type: 'string' },
  network: { type: 'string' },
  lib: { type: 'string', multiple: true },
  plugin: { type: 'string', multiple: true },
  'disk-mb': { type: 'string' },
  'read-only': { type: 'boolean' },
  'exit-code-json': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(runUsage);
    return 0;
  }
  const reportPath = values['exit-code-json'];
  let outcome: RunOutcome | undefined;
  try {
    outcome = await runToOutcome(values, positionals);
    return outcome.exitCode;
  } catch (error) {
    outcome = errorOutcome(error);
    throw error;
  } finally {
    if (outcome) await writeOutcome(reportPath, outcome);
  }
}

type RunValues = ReturnType<typeof parse<typeof OPTIONS>>['values'];

async function runToOutcome(values: RunValues, positionals: readonly string[]): Promise<RunOutcome> {
  if (values.lang === undefined) throw new UsageError(`--lang is required. Available: ${describeLanguages()}.`);
  const plugins = await loadPlugins(values.plugin ?? []);
  const language = await resolveLanguage(plugins, values.lang);
  const timeoutMs = values['timeout-ms'] === undefined ? undefined : positiveInteger('--timeout-ms', values['timeout-ms']);
  const network = values.network === undefined ? undefined : oneOf('--network', values.network, ['install', 'bridge', 'none'] as const);
  const backend = values.backend === undefined ? 'docker' : oneOf('--backend', values.backend, CLI_BACKENDS);
  const diskMB = values['disk-mb'] === undefined ? undefined : values['disk-mb'] === 'none' ? null : positiveInteger('--disk-mb', values['disk-mb']);
  const runtimeConfig = {
    ...(network !== undefined ? { network } : {}),
    ...(diskMB !== undefined ? { diskMB } : {}),
    ...(values['read-only'] ? { readOnly: true } : {}),
  };
  const code = await readCode(values.eval, positionals);
  const verbose = values.verbose ?? false;

  // Ctrl-C aborts the run, so the sandbox is still removed before llmsb exits.
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let session: Session | undefined;
  try {
    session = await openSession(
      language,
      {
        verbose,
        ...(values.image !== undefined ? { image: values.image } : {}),
        ...(Object.keys(runtimeConfig).length > 0 ? { runtimeConfig } : {}),
      },
      backend,
      plugins.registry,
    );
    return await execute(session, language, code, { libraries: values.lib ?? [], timeoutMs, verbose, signal: interrupt.signal });
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
    const message = 'interrupted; the sandbox was removed';
    process.stderr.write(`llmsb: ${message}\n`);
    return { outcome: 'interrupted', exitCode: EXIT.interrupted, message };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await session?.close().catch((error: unknown) => progress(`warning: removing the sandbox failed: ${String(error)}`));
  }
}

interface ExecuteOptions {
  readonly libraries: readonly string[];
  readonly timeoutMs: number | undefined;
  readonly verbose: boolean;
  readonly signal: AbortSignal;
}

async function execute(session: Session, language: LanguageHandler, code: string, options: ExecuteOptions): Promise<RunOutcome> {
  const toStderr = (text: string): void => void process.stderr.write(text);
  if (options.libraries.length > 0) {
    // Installer output is not the program's, so it never reaches stdout.
    if (options.verbose) progress(`installing ${options.libraries.join(', ')}`);
    await session.install(options.libraries, {
      signal: options.signal,
      ...(options.verbose ? { onStdout: toStderr, onStderr: toStderr } : {}),
    });
  }
  // Counted, not kept: the output can be far larger than memory should hold.
  let streamedStdout = 0;
  let streamedStderr = 0;
  try {
    const result = await session.run(code, {
      signal: options.signal,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      onStdout: (text) => {
        streamedStdout += text.length;
        process.stdout.write(text);
      },
      onStderr: (text) => {
        streamedStderr += text.length;
        process.stderr.write(text);
      },
    });
    if (result.failedStep !== undefined && result.failedStep !== runStepName(language)) {
      process.stderr.write(`llmsb: the ${result.failedStep} step failed with exit code ${result.exitCode}; the program did not run.\n`);
    }
    return exitedOutcome(result.exitCode, result.failedStep);
  } catch (error) {
    if (error instanceof SandboxTimeoutError) {
      // Output already streamed stays; only what had not reached the callbacks yet is added.
      process.stdout.write(remainder(error.stdout, streamedStdout));
      process.stderr.write(remainder(error.stderr, streamedStderr));
    }
    throw error;
  }
}

/** The name of the step that runs the program itself: the last one. */
function runStepName(language: LanguageHandler): string {
  const steps = language.runCommands('program').length;
  return language.runStepNames?.[steps - 1] ?? `step ${steps}`;
}

/** The tail the callbacks had not delivered when the timeout hit (e.g. bytes held by the decoder). */
function remainder(all: string, streamed: number): string {
  return all.length > streamed ? all.slice(streamed) : '';
}
