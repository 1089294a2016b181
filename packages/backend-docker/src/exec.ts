import type Docker from 'dockerode';
import {
  callbackSink,
  endOrKill,
  ENGINE_START_FAILURES,
  EXEC_MARKER_VARIABLE,
  hasStdin,
  StartFailureGuard,
  KILL_SCRIPT,
  writeChunks,
  type ContainerError,
  type ExecRequest,
  type ExecResult,
} from '@llmsb/core';
import type { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';

export interface ExecTarget {
  readonly docker: Docker;
  readonly container: Docker.Container;
  readonly workdir: string;
  /** User for requests that name none. */
  readonly defaultUser: string | undefined;
  /** Also kill every process of the exec's user on abort (safe only when the main process runs as another user). */
  readonly killAllOfUser: boolean;
  isRunning(): Promise<boolean>;
  /** Raises the pids limit a little; resolves with a function that restores it. */
  raisePidsLimit(): Promise<() => Promise<void>>;
  /** Restarts the sandbox at once (every process dies; its file system stays). */
  restart(): Promise<void>;
  /** Explains a failure: is the container gone? */
  describeFailure(cause: unknown): Promise<ContainerError>;
}

/**
 * One process via the Engine's exec API: stdout and stderr demultiplexed, stdin written then
 * half-closed, the real exit code from exec inspect. Every exec carries a marker variable so
 * an abort can find and kill all it started, including processes that called `setsid`.
 */
export async function dockerExec(target: ExecTarget, request: ExecRequest): Promise<ExecResult> {
  const marker = randomBytes(8).toString('hex');
  const user = request.user ?? target.defaultUser;
  const env = Object.entries({ ...request.env, [EXEC_MARKER_VARIABLE]: marker }).map(([k, v]) => `${k}=${v}`);
  const withStdin = hasStdin(request.stdin);
  let exec: Docker.Exec;
  let stream: NodeJS.ReadWriteStream;
  try {
    exec = await target.container.exec({
      Cmd: [...request.argv],
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: withStdin,
      Env: env,
      WorkingDir: request.workdir ?? target.workdir,
      ...(user ? { User: user } : {}),
    });
    stream = (await exec.start({ hijack: true, stdin: withStdin })) as NodeJS.ReadWriteStream;
  } catch (error) {
    throw await target.describeFailure(error);
  }

  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const guard = new StartFailureGuard(request, ENGINE_START_FAILURES);
  request.onOutputFlow?.({ pause: () => stream.pause(), resume: () => stream.resume() });
  target.docker.modem.demuxStream(stream, callbackSink(guard.onStdout), callbackSink(guard.onStderr));
  // Written alongside the output (a streamed upload waits for the socket); a write error ends the exec.
  const written = withStdin && request.stdin ? writeChunks(stream as unknown as Writable, request.stdin) : Promise.resolve();
  written.catch((error: unknown) => (stream as unknown as { destroy?: (error: unknown) => void }).destroy?.(error));

  try {
    await endOrKill(ended, request.signal, {
      kill: () => killExec(target, user, marker),
      drop: () => (stream as unknown as { destroy?: () => void }).destroy?.(),
    });
  } catch (error) {
    if (request.signal?.aborted && error === request.signal.reason) throw error;
    throw await target.describeFailure(error);
  }
  const exitCode = await exitCodeOf(exec, target);
  // Killed by a signal: the container itself may have died (removed, OOM, engine stop).
  if (exitCode >= 128 && !(await target.isRunning())) {
    throw await target.describeFailure(new Error(`the process ended with exit code ${exitCode}`));
  }
  guard.settle(exitCode);
  return { exitCode };
}

/** Kills every process of the target's default user (only for sandboxes whose main process is another user's). */
export async function killEverythingOfUser(target: ExecTarget): Promise<void> {
  await killExec(target, target.defaultUser, randomBytes(8).toString('hex'));
}

// --- Internal helpers ---

async function exitCodeOf(exec: Docker.Exec, target: ExecTarget): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    let info: Docker.ExecInspectInfo;
    try {
      info = await exec.inspect();
    } catch (error) {
      throw await target.describeFailure(error);
    }
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    // The stream can close a moment before the engine records the exit.
    await delay(20);
  }
  throw await target.describeFailure(new Error('the process output ended but the process did not exit'));
}

/**
 * Kills everything the marked exec started, as the same user (no capability needed). When the
 * kill itself cannot start — a fork bomb filled the pids limit — the limit is raised for a moment
 * so it can, then restored. Where that is impossible (Podman's compatible API cannot update a
 * container), a sandbox the library created is restarted as a last resort: every process dies,
 * its own file system stays, and the session remains usable.
 */
async function killExec(target: ExecTarget, user: string | undefined, marker: string): Promise<void> {
  if ((await runKillScript(target, user, marker)) === 0) return;
  const restore = await target.raisePidsLimit();
  try {
    if ((await runKillScript(target, user, marker)) === 0) return;
  } finally {
    await restore();
  }
  if (target.killAllOfUser) await target.restart();
}

/** Exit code of the kill script; undefined when it could not run (or the container is gone). */
async function runKillScript(target: ExecTarget, user: string | undefined, marker: string): Promise<number | undefined> {
  try {
    const kill = await target.container.exec({
      Cmd: ['/bin/sh', '-c', KILL_SCRIPT, 'llmsb-kill', marker, target.killAllOfUser ? 'all' : 'marked'],
      AttachStdout: true,
      AttachStderr: true,
      ...(user ? { User: user } : {}),
    });
    const stream = (await kill.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream;
    stream.resume();
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    return (await kill.inspect()).ExitCode ?? undefined;
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
