import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import {
  callbackSink,
  ContainerError,
  endOrKill,
  hasStdin,
  KILL_SCRIPT,
  readAllStdin,
  StartFailureGuard,
  type ExecRequest,
  type ExecResult,
} from '@llmsb/core';
import { execArgv, POD_START_FAILURES } from './exec-command.js';
import type { KubeClient } from './kube-client.js';

export interface PodExecTarget {
  readonly kube: KubeClient;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly workdir: string;
  /** Explains a failure: is the pod gone? */
  describeFailure(cause: unknown): Promise<ContainerError>;
  isRunning(): Promise<boolean>;
}

/** The part of a `ws` WebSocket the exec needs. */
interface Socket {
  readonly protocol: string;
  readonly readyState: number;
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

const V5 = 'v5.channel.k8s.io';

/**
 * One process over the pods/exec WebSocket: stdout and stderr on their channels, stdin written
 * then closed, the exit code from the status channel's one `Status` frame. A socket that closes
 * without that frame is an infrastructure failure, never exit code 0.
 */
export async function podExec(target: PodExecTarget, request: ExecRequest): Promise<ExecResult> {
  const marker = randomBytes(8).toString('hex');
  // The length goes into the command (see exec-command.ts), so a streamed stdin is read in full first.
  const stdinBytes = hasStdin(request.stdin) ? await readAllStdin(request.stdin) : undefined;
  const guard = new StartFailureGuard(request, POD_START_FAILURES);
  const argv = execArgv(request, marker, target.workdir, stdinBytes?.byteLength);
  const stdin = stdinBytes ? new PassThrough() : null;
  let status: V1Status | undefined;
  let socket: Socket;
  try {
    socket = await target.kube.exec.exec(
      target.namespace,
      target.pod,
      target.container,
      argv,
      callbackSink(guard.onStdout),
      callbackSink(guard.onStderr),
      stdin,
      false,
      (frame) => (status = frame),
    );
  } catch (error) {
    throw await target.describeFailure(error);
  }
  const closed = new Promise<void>((resolve, reject) => {
    if (socket.readyState >= 2) resolve();
    socket.on('close', resolve);
    socket.on('error', reject);
  });
  if (stdin && stdinBytes) {
    stdin.write(stdinBytes);
    // v4 has no half-close: ending would close the socket, so `head -c` ends the input instead.
    if (socket.protocol === V5) stdin.end();
  }

  try {
    await endOrKill(closed, request.signal, { kill: () => killMarked(target, marker), drop: () => socket.close() });
  } catch (error) {
    if (request.signal?.aborted && error === request.signal.reason) throw error;
    throw await target.describeFailure(error);
  }
  const exitCode = exitCodeOf(status);
  if (exitCode === undefined) {
    const reason = status
      ? `the exec failed: ${status.message ?? status.reason ?? 'no reason given'}`
      : 'the exec stream closed without an exit status';
    throw await target.describeFailure(new Error(reason));
  }
  // Killed by a signal: the pod itself may be gone (deleted, evicted, OOM-killed).
  if (exitCode >= 128 && !(await target.isRunning())) {
    throw await target.describeFailure(new Error(`the process ended with exit code ${exitCode}`));
  }
  guard.settle(exitCode);
  return { exitCode };
}

// --- Internal helpers ---

/** Exit code from the status frame: the `ExitCode` cause, never parsed from the message. */
function exitCodeOf(status: V1Status | undefined): number | undefined {
  if (!status) return undefined;
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message === undefined ? Number.NaN : Number(cause.message);
  return Number.isInteger(code) ? code : undefined;
}

/** Runs the kill script as another exec; it runs as the pod's user, like the exec it kills. */
async function killMarked(target: PodExecTarget, marker: string): Promise<void> {
  await podExec(target, { argv: ['/bin/sh', '-c', KILL_SCRIPT, 'llmsb-kill', marker, 'marked'] }).catch(() => undefined);
}
