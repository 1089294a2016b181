import { CommandFailedError, SandboxFileNotFoundError } from './errors.js';
import { SYSTEM_PATH } from './kill-script.js';
import { shArgv } from './shell.js';
import type { ExecRequest, ExecResult } from './types.js';

type Exec = (request: ExecRequest) => Promise<ExecResult>;

const MISSING_PATH_EXIT = 44;

/**
 * File transfer for any backend that can run processes: `tar` inside the sandbox, fed through
 * stdin or read from stdout. Unlike an engine's archive API it works on read-only roots (writes
 * land in the tmpfs or emptyDir workdir), and the system PATH keeps a planted `tar` out.
 */
export async function putArchiveOverExec(exec: Exec, directory: string, tar: Uint8Array): Promise<void> {
  const stderr: Buffer[] = [];
  const { exitCode } = await exec({
    argv: shArgv(`PATH=${SYSTEM_PATH}; mkdir -p -- "$1" && tar -x --no-same-owner -C "$1" -f -`, directory),
    stdin: tar,
    onStderr: (chunk) => stderr.push(Buffer.from(chunk)),
  });
  if (exitCode !== 0) throw new CommandFailedError(`tar -x -C ${directory}`, exitCode, Buffer.concat(stderr).toString());
}

/** A tar of `path` whose top entry is its base name; a missing path is `SandboxFileNotFoundError`. */
export async function getArchiveOverExec(exec: Exec, path: string): Promise<Uint8Array> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const script = `PATH=${SYSTEM_PATH}; [ -e "$1" ] || [ -L "$1" ] || exit ${MISSING_PATH_EXIT}; cd -- "$(dirname -- "$1")" && tar -c -f - -- "$(basename -- "$1")"`;
  const { exitCode } = await exec({
    argv: shArgv(script, path),
    onStdout: (chunk) => stdout.push(Buffer.from(chunk)),
    onStderr: (chunk) => stderr.push(Buffer.from(chunk)),
  });
  if (exitCode === MISSING_PATH_EXIT) throw new SandboxFileNotFoundError(path, 'sandbox');
  if (exitCode !== 0) throw new CommandFailedError(`tar -c ${path}`, exitCode, Buffer.concat(stderr).toString());
  return Buffer.concat(stdout);
}
