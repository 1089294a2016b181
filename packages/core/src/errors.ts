import { LLMSB_ERROR_BRAND, type SecurityViolation } from '@llmsb/security';

/**
 * One error hierarchy rooted at `SandboxError`. User-code failure is data (a result with a
 * non-zero exit code); everything here is an infrastructure or usage failure. Each class has a
 * stable `code`, and each message ends with what to do next.
 */

export type SandboxErrorCode =
  | 'SANDBOX_ERROR'
  | 'SANDBOX_TIMEOUT'
  | 'CONTAINER_ERROR'
  | 'SECURITY_ERROR'
  | 'SECURITY_VIOLATION'
  | 'RESOURCE_ERROR'
  | 'ARCHIVE_LIMIT_EXCEEDED'
  | 'VALIDATION_ERROR'
  | 'LANGUAGE_NOT_SUPPORTED'
  | 'LANGUAGE_NOT_SUPPORT_PLOT'
  | 'IMAGE_NOT_FOUND'
  | 'IMAGE_PULL_FAILED'
  | 'IMAGE_BUILD_FAILED'
  | 'MISSING_DEPENDENCY'
  | 'UNSUPPORTED_BACKEND'
  | 'NOT_OPEN_SESSION'
  | 'COMMAND_EMPTY'
  | 'COMMAND_FAILED'
  | 'PACKAGE_MANAGER_ERROR'
  | 'LIBRARY_INSTALLATION_NOT_SUPPORTED'
  | 'INVALID_REGEX_PATTERN'
  | 'FILE_NOT_FOUND'
  | 'OUTPUT_DECODING_ERROR'
  | 'POOL_EXHAUSTED'
  | 'POOL_CLOSED'
  | 'KERNEL_DIED';

export class SandboxError extends Error {
  readonly code: SandboxErrorCode = 'SANDBOX_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * Errors of `@llmsb/security` (a leaf package: it cannot extend this class) carry the
   * `llmsb.error` brand, and count as SandboxErrors too.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this === SandboxError && typeof value === 'object' && value !== null && (value as { [LLMSB_ERROR_BRAND]?: unknown })[LLMSB_ERROR_BRAND] === true) {
      return true;
    }
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** A run (or the session) outlived its timeout. The run's processes are killed before this is thrown. */
export class SandboxTimeoutError extends SandboxError {
  override readonly code = 'SANDBOX_TIMEOUT';
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** Output produced before the timeout. */
  readonly stdout: string;
  readonly stderr: string;
  constructor(
    message: string,
    details: { timeoutMs?: number | undefined; stdout?: string; stderr?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.timeoutMs = details.timeoutMs;
    this.stdout = details.stdout ?? '';
    this.stderr = details.stderr ?? '';
  }
}

/** The container (or the engine behind it) failed, vanished or cannot be reached. */
export class ContainerError extends SandboxError {
  override readonly code: SandboxErrorCode = 'CONTAINER_ERROR';
}

/** A path or archive tried to escape where it belongs. */
export class SecurityError extends SandboxError {
  override readonly code: SandboxErrorCode = 'SECURITY_ERROR';
}

/** Code or a library was refused by the session's security policy; nothing was started. */
export class SecurityViolationError extends SecurityError {
  override readonly code = 'SECURITY_VIOLATION';
  constructor(
    message: string,
    /** Every violation found, blocking or not. */
    readonly violations: readonly SecurityViolation[] = [],
  ) {
    super(message);
  }
}

/** A resource limit was hit or cannot be enforced. */
export class ResourceError extends SandboxError {
  override readonly code: SandboxErrorCode = 'RESOURCE_ERROR';
}

/**
 * A file transfer out of (or into) the sandbox passed `maxArchiveBytes` or `maxArchiveEntries`.
 * Thrown before anything is written, or after what was written is removed: nothing partial stays.
 */
export class ArchiveLimitError extends ResourceError {
  override readonly code = 'ARCHIVE_LIMIT_EXCEEDED';
  constructor(
    readonly path: string,
    readonly limit: 'maxArchiveBytes' | 'maxArchiveEntries',
    readonly value: number,
  ) {
    super(
      `${path} is over the session's ${limit} (${value}${limit === 'maxArchiveBytes' ? ' bytes' : ' entries'}, counting sparse files at ` +
        `their apparent size). Nothing was copied. Raise ${limit} for this session if the transfer is intended.`,
    );
  }
}

/** Options or arguments are invalid; the message names the field and what is allowed. */
export class ValidationError extends SandboxError {
  override readonly code = 'VALIDATION_ERROR';
}

export class LanguageNotSupportedError extends SandboxError {
  override readonly code = 'LANGUAGE_NOT_SUPPORTED';
  constructor(
    readonly language: string,
    available: readonly string[],
  ) {
    super(
      `Language "${language}" is not supported. Available: ${available.join(', ')}. ` +
        'Register a language plugin with registry.use(...) to add one.',
    );
  }
}

export class LanguageNotSupportPlotError extends SandboxError {
  override readonly code = 'LANGUAGE_NOT_SUPPORT_PLOT';
  constructor(readonly language: string) {
    super(`Language "${language}" does not support plot detection. Pass enablePlotting: false.`);
  }
}

export class ImageNotFoundError extends SandboxError {
  override readonly code = 'IMAGE_NOT_FOUND';
  constructor(
    readonly image: string,
    hint: string,
  ) {
    super(`Image "${image}" is not present on the engine. ${hint}`);
  }
}

export class ImagePullError extends SandboxError {
  override readonly code = 'IMAGE_PULL_FAILED';
  constructor(
    readonly image: string,
    cause: unknown,
  ) {
    super(
      `Failed to pull image "${image}": ${describeCause(cause)}. ` +
        'Check the name and the registry, or build the image locally.',
      { cause },
    );
  }
}

export class ImageBuildError extends SandboxError {
  override readonly code = 'IMAGE_BUILD_FAILED';
}

/** A plugin package named by string config is not installed. */
export class MissingDependencyError extends SandboxError {
  override readonly code = 'MISSING_DEPENDENCY';
  constructor(
    readonly packageName: string,
    cause?: unknown,
  ) {
    super(`Package "${packageName}" is not installed. Install it with: npm i ${packageName}`, {
      cause,
    });
  }
}

export class UnsupportedBackendError extends SandboxError {
  override readonly code = 'UNSUPPORTED_BACKEND';
  constructor(
    readonly backend: string,
    available: readonly string[],
  ) {
    super(
      `Backend "${backend}" is not supported. Available: ${available.join(', ')}. ` +
        'Register a backend plugin with registry.use(...) to add one.',
    );
  }
}

export class NotOpenSessionError extends SandboxError {
  override readonly code = 'NOT_OPEN_SESSION';
  constructor(reason = 'Session is not open') {
    super(`${reason}. Open it first (createSession() resolves to an open session).`);
  }
}

export class CommandEmptyError extends SandboxError {
  override readonly code = 'COMMAND_EMPTY';
  constructor() {
    super('Command cannot be empty. Pass a shell string or a non-empty argv array.');
  }
}

/** A setup step (install, image preparation) exited non-zero. User code never throws this. */
export class CommandFailedError extends SandboxError {
  override readonly code: SandboxErrorCode = 'COMMAND_FAILED';
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly output: string,
  ) {
    super(`Command "${command}" failed with exit code ${exitCode}:\n${output}`);
  }
}

/** A package manager refused or failed to install a library. */
export class PackageManagerError extends CommandFailedError {
  override readonly code = 'PACKAGE_MANAGER_ERROR';
}

export class LibraryInstallationNotSupportedError extends SandboxError {
  override readonly code = 'LIBRARY_INSTALLATION_NOT_SUPPORTED';
  constructor(readonly language: string) {
    super(`Library installation is not supported for ${language}.`);
  }
}

/**
 * The policy errors live in `@llmsb/security`, which cannot import core; these are the same
 * classes (so `instanceof` works from either package), and `instanceof SandboxError` holds for them.
 */
export { InvalidRegexPatternError, InvalidSecurityPolicyError, UnknownSecurityPresetError } from '@llmsb/security';

/** A path does not exist (on the host for copyToRuntime, in the sandbox for copyFromRuntime). */
export class SandboxFileNotFoundError extends SandboxError {
  override readonly code = 'FILE_NOT_FOUND';
  constructor(
    readonly path: string,
    where: 'host' | 'sandbox',
  ) {
    super(`No such file or directory in the ${where}: ${path}`);
  }
}

/** Output was not valid UTF-8 and `encodingErrors` is 'strict'. */
export class OutputDecodingError extends SandboxError {
  override readonly code = 'OUTPUT_DECODING_ERROR';
}

/**
 * Thrown when a pool has no sandbox to hand out: by `acquire()` under strategy `'fail'` when every
 * sandbox is leased, or under `'wait'` when `acquireTimeoutMs` passed first.
 */
export class PoolExhaustedError extends SandboxError {
  override readonly code = 'POOL_EXHAUSTED';
}

/** Thrown when a pool is closed: by `acquire()` after `close()`, and to callers still waiting at `close()`. */
export class PoolClosedError extends SandboxError {
  override readonly code = 'POOL_CLOSED';
  constructor(message = 'The pool is closed. Create a new pool with createPool() to acquire sandboxes again.') {
    super(message);
  }
}

export function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * The kernel of an interactive session died during a cell (out of memory, killed, crashed): its
 * variables are gone. The next cell starts a fresh kernel; re-run the cells that built the state.
 */
export class KernelDiedError extends SandboxError {
  override readonly code = 'KERNEL_DIED';
  /** Output the cell produced before the kernel died. */
  readonly stdout: string;
  readonly stderr: string;
  constructor(message: string, details: { stdout?: string; stderr?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.stdout = details.stdout ?? '';
    this.stderr = details.stderr ?? '';
  }
}
