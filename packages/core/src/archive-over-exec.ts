import { PassThrough, type Readable } from 'node:stream';
import { DEFAULT_ARCHIVE_LIMITS, tarBudget, type ArchiveLimits } from './archive-limits.js';
import { CommandFailedError, SandboxFileNotFoundError } from './errors.js';
import { SYSTEM_PATH } from './kill-script.js';
import { shArgv } from './shell.js';
import type { ExecRequest, ExecResult, OutputFlow, StdinSource } from './types.js';

type Exec = (request: ExecRequest) => Promise<ExecResult>;

const MISSING_PATH_EXIT = 44;

/**
 * File transfer for any backend that can run processes: `tar` inside the sandbox, fed through
 * stdin or read from stdout. Unlike an engine's archive API it works on read-only roots (writes
 * land in the tmpfs or emptyDir workdir), and the system PATH keeps a planted `tar` out.
 */
export async function putArchiveOverExec(exec: Exec, directory: string, tar: StdinSource): Promise<void> {
  const stderr: Buffer[] = [];
  const { exitCode } = await exec({
    argv: shArgv(`PATH=${SYSTEM_PATH}; mkdir -p -- "$1" && tar -x --no-same-owner -C "$1" -f -`, directory),
    stdin: tar,
    onStderr: (chunk) => stderr.push(Buffer.from(chunk)),
  });
  if (exitCode !== 0) throw new CommandFailedError(`tar -x -C ${directory}`, exitCode, Buffer.concat(stderr).toString());
}

export interface ArchiveStream {
  /** The tar, as the sandbox sends it; fails with the transfer's error. */
  readonly tar: Readable;
  /** Settles when the transfer has ended: rejects with `ArchiveLimitError`, `SandboxFileNotFoundError`, ... */
  readonly done: Promise<void>;
}

/**
 * Streams a tar of `path` (top entry: its base name) out of the sandbox. Each header is checked
 * against `limits` as it goes by; past one, `tar` is killed and the stream fails with
 * `ArchiveLimitError`, so nothing of a huge (or sparse) file needs to be held or written.
 */
export function streamArchiveOverExec(exec: Exec, path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ArchiveStream {
  // Room for a few MiB before the sandbox is paused: a disk slower than the sandbox holds it back.
  const tar = new PassThrough({ highWaterMark: 4 * 1024 * 1024 });
  const abort = new AbortController();
  let flow: OutputFlow | undefined;
  // Paused only while the reader is behind; a destroyed stream (a limit, a reader gone) never drains.
  tar.on('drain', () => flow?.resume());
  tar.on('close', () => flow?.resume());
  const budget = tarBudget(path, limits, (error) => {
    abort.abort(error);
    tar.destroy(error);
  });
  const stderr: Buffer[] = [];
  const script = `PATH=${SYSTEM_PATH}; [ -e "$1" ] || [ -L "$1" ] || exit ${MISSING_PATH_EXIT}; cd -- "$(dirname -- "$1")" && tar -c -f - -- "$(basename -- "$1")"`;
  const done: Promise<void> = exec({
    argv: shArgv(script, path),
    signal: abort.signal,
    onOutputFlow: (control) => (flow = control),
    onStdout: (chunk) => {
      // A reader that destroyed the stream gets nothing more; the rest of the tar is read and dropped.
      if (abort.signal.aborted || tar.destroyed) return;
      budget.write(chunk);
      if (!tar.write(chunk)) flow?.pause();
    },
    onStderr: (chunk) => stderr.push(Buffer.from(chunk)),
  }).then(
    ({ exitCode }) => {
      if (abort.signal.aborted) throw abort.signal.reason;
      if (exitCode === MISSING_PATH_EXIT) throw new SandboxFileNotFoundError(path, 'sandbox');
      if (exitCode !== 0) throw new CommandFailedError(`tar -c ${path}`, exitCode, Buffer.concat(stderr).toString());
      // Every header was checked as it arrived: a reader never sees a complete archive over a limit.
      tar.end();
    },
    (error: unknown) => {
      throw abort.signal.aborted ? abort.signal.reason : error;
    },
  );
  done.catch((error: unknown) => tar.destroy(error as Error));
  return { tar, done };
}

/** A whole tar of `path` in memory, bounded by `limits`; a missing path is `SandboxFileNotFoundError`. */
export function getArchiveOverExec(exec: Exec, path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<Buffer> {
  return collectArchive(streamArchiveOverExec(exec, path, limits));
}

/**
 * Reads an archive stream into memory. The transfer settles first (its processes gone) even when
 * the stream fails early, so the next call never finds the previous one still running.
 */
export async function collectArchive({ tar, done }: ArchiveStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const read = (async () => {
    for await (const chunk of tar) chunks.push(chunk as Buffer);
  })();
  const [transferred, received] = await Promise.allSettled([done, read]);
  if (transferred.status === 'rejected') throw transferred.reason;
  if (received.status === 'rejected') throw received.reason;
  return Buffer.concat(chunks);
}
