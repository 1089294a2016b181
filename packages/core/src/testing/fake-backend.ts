import { posix } from 'node:path';
import { ContainerError, SandboxFileNotFoundError } from '../errors.js';
import { packFiles, readTar, type TarFile } from '../tar.js';
import { readAllStdin } from '../stdin-source.js';
import type { BackendPlugin, CloseOutcome, ContainerAPI, ExecRequest, ExecResult, ImageRecipe, LanguageHandler, StdinSource } from '../types.js';
import { KILL_SCRIPT } from '../kill-script.js';
import { shellQuote } from '../shell.js';
import { runArgv, runShell, type FakeCommand, type ShellIO } from './fake-shell.js';

export interface FakeBackendOptions {
  /** Extra commands the fake's shell understands. */
  readonly commands?: Readonly<Record<string, FakeCommand>>;
  /** The installer identity the fake sandbox offers (`ContainerAPI.installUser`). Default: none. */
  readonly installUser?: string;
}

/**
 * An in-memory backend for unit tests of pure logic: files live in a Map, processes are a tiny
 * shell (see fake-shell.ts). It is a test double; never use it to claim engine behaviour.
 */
export function fakeBackend(options: FakeBackendOptions = {}): BackendPlugin & { readonly opened: FakeContainer[] } {
  const opened: FakeContainer[] = [];
  return {
    kind: 'backend',
    name: 'fake',
    opened,
    async open(context) {
      const container = new FakeContainer(context.workdir, options.commands ?? {}, options.installUser);
      opened.push(container);
      return container;
    },
  };
}

export class FakeContainer implements ContainerAPI {
  readonly id = `fake-${Math.random().toString(16).slice(2, 10)}`;
  readonly files = new Map<string, Uint8Array>();
  closed = false;
  /** Processes currently running. */
  running = 0;
  /** Every network switch, in order (`network: 'install'`). */
  readonly networkSwitches: boolean[] = [];

  constructor(
    readonly workdir: string,
    private readonly commands: Readonly<Record<string, FakeCommand>>,
    readonly installUser?: string,
  ) {}

  async exec(request: ExecRequest): Promise<ExecResult> {
    this.assertOpen();
    const signal = request.signal;
    if (signal?.aborted) throw signal.reason;
    // The fake has no processes to kill: the library's kill script always finds none left.
    if (request.argv[2] === KILL_SCRIPT) return { exitCode: 0 };
    this.running += 1;
    const io: ShellIO = {
      stdin: request.stdin ? await readAllStdin(request.stdin) : new Uint8Array(),
      stdout: (text) => request.onStdout?.(Buffer.from(text)),
      stderr: (text) => request.onStderr?.(Buffer.from(text)),
      files: this.files,
      cwd: request.workdir ?? this.workdir,
      env: { ...request.env },
      sleep: (ms) => abortableSleep(ms, signal),
      commands: { ...this.commands, 'fake-interpret': this.interpret },
    };
    try {
      return { exitCode: await runArgv(request.argv, io) };
    } finally {
      this.running -= 1;
    }
  }

  async putArchive(directory: string, tar: StdinSource): Promise<void> {
    this.assertOpen();
    for (const { header, content } of await readTar(await readAllStdin(tar))) {
      if (header.type === 'file') this.files.set(posix.join(directory, header.name), new Uint8Array(content));
    }
  }

  async getArchive(path: string): Promise<Uint8Array> {
    this.assertOpen();
    const file = this.files.get(path);
    if (file) return packFiles([{ name: posix.basename(path), content: file }]);
    const prefix = `${path.replace(/\/$/, '')}/`;
    const children: TarFile[] = [...this.files]
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, content]) => ({ name: posix.join(posix.basename(path), name.slice(prefix.length)), content }));
    if (children.length === 0) throw new SandboxFileNotFoundError(path, 'sandbox');
    return packFiles(children);
  }

  async setNetworkAccess(online: boolean): Promise<void> {
    this.assertOpen();
    this.networkSwitches.push(online);
  }

  async close(): Promise<CloseOutcome> {
    this.closed = true;
    return {};
  }

  /** `fake-interpret FILE` runs FILE as a shell script: the fake language's "interpreter". */
  private readonly interpret: FakeCommand = async (args, io) => {
    const source = io.files.get(args[0] ?? '');
    if (!source) {
      io.stderr(`fake-interpret: ${args[0]}: not found\n`);
      return 2;
    }
    return runShell(Buffer.from(source).toString('utf8'), [], io);
  };

  private assertOpen(): void {
    if (this.closed) throw new ContainerError(`Fake container ${this.id} is gone.`);
  }
}

const fakeRecipe: ImageRecipe = { repository: 'llmsb/fake', aptPackages: [], setup: [], env: {} };

/** A language whose programs are fake-shell scripts; `install` records the libraries in a file. */
export function fakeLanguage(): LanguageHandler {
  return {
    kind: 'language',
    name: 'fake',
    fileExtension: 'sh',
    imageRecipe: fakeRecipe,
    runCommands: (file) => [`fake-interpret ${shellQuote(file)}`],
    installCommand: (libraries) => `echo ${libraries.map(shellQuote).join(' ')} > /installed`,
    validateLibraryName: (name) => /^[a-z0-9_-]+$/.test(name),
  };
}

// --- Internal helpers ---

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
