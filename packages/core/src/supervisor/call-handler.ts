import { ContainerError, ValidationError } from '../errors.js';
import type { ResourceUsage } from '../results.js';
import type { ExecFile, OutputFlow, StdinSource } from '../types.js';
import { fileError, FILE_ERROR_CODES } from './file-handler.js';
import { decodeJson, FrameType } from './frames.js';
import type { RequestHandler, WireError } from './wire.js';

/** One call as the supervisor runs it. */
export interface SupervisorCall {
  readonly argv: readonly string[];
  /** Laid over the sandbox's base environment (or alone, with `clearEnv`). */
  readonly env: Readonly<Record<string, string>>;
  readonly clearEnv?: boolean;
  readonly cwd: string;
  readonly user: string;
  readonly stdin?: StdinSource | undefined;
  /** Given a switch that pauses reading the whole stream (the supervisor then holds the call's output back). */
  readonly onOutputFlow?: ((flow: OutputFlow) => void) | undefined;
  /** Deadline enforced inside the sandbox; undefined: none. */
  readonly timeoutMs?: number | undefined;
  /** Per stream: head forwarded, tail kept, middle dropped (reported through `onDropped`). */
  readonly maxOutputBytes?: number | undefined;
  readonly onStdout?: ((chunk: Uint8Array) => void) | undefined;
  readonly onStderr?: ((chunk: Uint8Array) => void) | undefined;
  readonly onDropped?: ((stream: 'stdout' | 'stderr', bytes: number) => void) | undefined;
  /** Fork it from the session's fork server when one is ready, else start it as usual. */
  readonly warm?: boolean | undefined;
  /** Written before the call starts, removed at its end (`ExecRequest.file`). */
  readonly file?: ExecFile | undefined;
  /** Aborting kills the call; the promise then rejects with the reason once its processes are gone. */
  readonly signal?: AbortSignal | undefined;
}

export interface SupervisorExit {
  readonly exitCode: number;
  readonly signal: string;
  readonly timedOut: boolean;
  readonly killed: boolean;
  readonly usage: ResourceUsage;
}

interface WireExit {
  exitCode: number;
  signal?: string;
  timedOut?: boolean;
  killed?: boolean;
  usage?: { cpuUserMs?: number; cpuSystemMs?: number; maxRssKB?: number; wallMs?: number };
}

const NO_USAGE: ResourceUsage = { cpuMs: 0, peakMemoryKB: 0, wallMs: 0 };

/** Routes a call's output to its callbacks and settles it with its exit. */
export function callHandler(call: SupervisorCall, resolve: (exit: SupervisorExit) => void, reject: (error: unknown) => void): RequestHandler {
  return {
    fail: reject,
    frame(frame) {
      switch (frame.type) {
        case FrameType.STDOUT:
          call.onStdout?.(frame.payload);
          return false;
        case FrameType.STDERR:
          call.onStderr?.(frame.payload);
          return false;
        case FrameType.DROPPED: {
          const { stream, bytes } = decodeJson<{ stream: 'stdout' | 'stderr'; bytes: number }>(frame);
          call.onDropped?.(stream, bytes);
          return false;
        }
        case FrameType.EXIT:
          resolve(toExit(decodeJson<WireExit>(frame)));
          return true;
        case FrameType.ERROR:
          settleStartFailure(call, decodeJson<WireError>(frame), resolve, reject);
          return true;
        default:
          return false;
      }
    },
  };
}

/**
 * A call that could not start. An unknown user or an unusable workdir is the caller's mistake:
 * `ValidationError`. A missing or non-executable program ends like it does in a shell (exit 127
 * or 126 with a message on stderr): that is the code's outcome, reported as data.
 */
function settleStartFailure(call: SupervisorCall, error: WireError, resolve: (exit: SupervisorExit) => void, reject: (error: unknown) => void): void {
  if (call.file && FILE_ERROR_CODES.has(error.code)) {
    reject(fileError(call.file.path, error, {})); // as a FILE_WRITE of it would have failed
    return;
  }
  if (error.code === 'user') {
    reject(new ValidationError(`User "${call.user}" does not exist in the sandbox (${error.message}). Use a user name or uid[:gid] from the image.`));
    return;
  }
  if (error.code === 'workdir') {
    reject(new ValidationError(`Working directory ${call.cwd} is not a directory the sandbox user can enter (${error.message}).`));
    return;
  }
  if (error.code === 'spawn') {
    call.onStderr?.(Buffer.from(`llmsb: ${error.message}\n`));
    resolve({ exitCode: error.exitCode ?? 126, signal: '', timedOut: false, killed: false, usage: NO_USAGE });
    return;
  }
  reject(new ContainerError(`The sandbox's supervisor refused a call (${error.code}): ${error.message}`));
}

function toExit(wire: WireExit): SupervisorExit {
  const usage = wire.usage ?? {};
  return {
    exitCode: wire.exitCode,
    signal: wire.signal ?? '',
    timedOut: wire.timedOut ?? false,
    killed: wire.killed ?? false,
    usage: {
      cpuMs: (usage.cpuUserMs ?? 0) + (usage.cpuSystemMs ?? 0),
      peakMemoryKB: usage.maxRssKB ?? 0,
      wallMs: usage.wallMs ?? 0,
    },
  };
}
