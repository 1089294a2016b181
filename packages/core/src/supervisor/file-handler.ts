import { ArchiveLimitError, ContainerError, ResourceError, SandboxFileNotFoundError, SecurityError, ValidationError } from '../errors.js';
import type { PathStat } from '../types.js';
import { decodeJson, FrameType } from './frames.js';
import type { RequestHandler, WireError } from './wire.js';

/** A path's metadata as the supervisor reports it (`lstat`). */
export interface SupervisorFileInfo {
  readonly name: string;
  readonly type: PathStat['type'];
  readonly size: number;
  /** Permission bits, e.g. 0o644. */
  readonly mode: number;
  readonly mtimeMs: number;
  readonly linkTarget?: string;
}

/** Limits of one file request; 0 or absent means the supervisor's own default. */
export interface FileLimits {
  readonly maxBytes?: number;
  readonly maxEntries?: number;
}

/** What a file request completes with: the bytes read, or the answer's JSON. */
export interface FileAnswer {
  readonly data: Buffer;
  readonly body: Record<string, unknown>;
}

/** Collects a file request's data and settles it with its answer, or a typed error. */
export function fileHandler(
  path: string,
  resolve: (answer: FileAnswer) => void,
  reject: (error: unknown) => void,
  limits: FileLimits = {},
): RequestHandler {
  const chunks: Uint8Array[] = [];
  return {
    fail: reject,
    frame(frame) {
      switch (frame.type) {
        case FrameType.FILE_DATA:
          chunks.push(frame.payload);
          return false;
        case FrameType.FILE_DONE:
        case FrameType.FILE_INFO:
          resolve({ data: Buffer.concat(chunks), body: decodeJson<Record<string, unknown>>(frame) });
          return true;
        case FrameType.ERROR:
          reject(fileError(path, decodeJson<WireError>(frame), limits));
          return true;
        default:
          return false;
      }
    },
  };
}

/** The codes of a file operation's `ERROR`; a call that writes a file (`ExecRequest.file`) can fail with them too. */
export const FILE_ERROR_CODES: ReadonlySet<string> = new Set(['not_found', 'too_large', 'permission', 'not_a_file', 'not_a_directory', 'io']);

/** A file operation's `ERROR` as the library's typed error. */
export function fileError(path: string, error: WireError, limits: FileLimits): Error {
  switch (error.code) {
    case 'not_found':
      return new SandboxFileNotFoundError(path, 'sandbox');
    case 'too_large':
      if (limits.maxEntries && error.message.includes('maxEntries')) return new ArchiveLimitError(path, 'maxArchiveEntries', limits.maxEntries);
      if (limits.maxBytes && error.message.includes('maxBytes')) return new ArchiveLimitError(path, 'maxArchiveBytes', limits.maxBytes);
      return new ResourceError(`${path} is over the size limit: ${error.message}`);
    case 'permission':
      return new SecurityError(`Access to ${path} in the sandbox was denied: ${error.message}`);
    case 'not_a_file':
    case 'not_a_directory':
    case 'bad_request':
    case 'user':
      return new ValidationError(`${path}: ${error.message}`);
    default:
      return new ContainerError(`A file operation on ${path} failed (${error.code}): ${error.message}`);
  }
}
