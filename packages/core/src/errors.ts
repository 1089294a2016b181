import { LLMSB_ERROR_BRAND, type SecurityViolation } from '@llmsb/security';

/**
 * One error hierarchy rooted at `SandboxError`. User-code failure is data (a result with a
 * non-zero exit code); everything here is an infrastructure or usage failure. Each class has a
 * stable `code`, and each message ends with what to do next.
 */

/** What comes after the `LLMSB_` prefix of an error code. */
type ErrorCodeName =
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

/** Every error's stable code: `LLMSB_` and a name, e.g. `LLMSB_SANDBOX_TIMEOUT`. */
export type SandboxErrorCode = `LLMSB_${ErrorCodeName}`;

/**
 * The codes as they were before the `LLMSB_` prefix (the same names without it), still accepted
 * by `hasErrorCode` and given by `legacyCode`.
 * @deprecated Compare `code` with the prefixed codes; the unprefixed ones go in the next release.
 */
export type LegacySandboxErrorCode = ErrorCodeName;

/**
 * Whether `error` is an llmsb error with this code, given prefixed or, for one release, in its
 * old unprefixed form: `hasErrorCode(error, 'LLMSB_SANDBOX_TIMEOUT')`.
 */
export function hasErrorCode(error: unknown, code: SandboxErrorCode | LegacySandboxErrorCode): boolean {
  if (!(error instanceof SandboxError)) return false;
  const actual = (error as { code: string }).code;
  return actual === code || actual === `LLMSB_${code}`;
}

/** The base of every llmsb error (thrown as itself by no library code): catch it to catch them all. */
export class SandboxError extends Error {
  readonly code: SandboxErrorCode = 'LLMSB_SANDBOX_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * The code without its `LLMSB_` prefix, as it was before the prefix.
   * @deprecated Use `code`; this alias goes in the next release.
   */
  get legacyCode(): LegacySandboxErrorCode {
    return this.code.slice('LLMSB_'.length) as LegacySandboxErrorCode;
  }

  /**
   * Errors of `@llmsb/security` (a leaf package: it cannot extend this class) carry the
   * `llmsb.error` brand, and count as SandboxErrors too.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (
      this === SandboxError &&
      typeof value === 'object' &&
      value !== null &&
      (value as { [LLMSB_ERROR_BRAND]?: unknown })[LLMSB_ERROR_BRAND] === true
    ) {
      return true;
    }
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** A run (or the session) outlived its timeout. The run's processes are killed before this is thrown. */
export class SandboxTimeoutError extends SandboxError {
  override readonly code = 'LLMSB_SANDBOX_TIMEOUT';
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** Output produced before the timeout. */
  readonly stdout: string;
  readonly stderr: string;
  constructor(message: string, details: { timeoutMs?: number | undefined; stdout?: string; stderr?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.timeoutMs = details.timeoutMs;
    this.stdout = details.stdout ?? '';
    this.stderr = details.stderr ?? '';
  }
}

/** The container (or the engine behind it) failed, vanished or cannot be reached. */
export class ContainerError extends SandboxError {
  override readonly code: SandboxErrorCode = 'LLMSB_CONTAINER_ERROR';
}

/** A path or archive tried to escape where it belongs. */
export class SecurityError extends SandboxError {
  override readonly code: SandboxErrorCode = 'LLMSB_SECURITY_ERROR';
}

/** Code or a library was refused by the session's security policy; nothing was started. */
export class SecurityViolationError extends SecurityError {
  override readonly code = 'LLMSB_SECURITY_VIOLATION';
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
  override readonly code: SandboxErrorCode = 'LLMSB_RESOURCE_ERROR';
}

/**
 * A file transfer out of (or into) the sandbox passed `maxArchiveBytes` or `maxArchiveEntries`.
 * Thrown before anything is written, or after what was written is removed: nothing partial stays.
 */
export class ArchiveLimitError extends ResourceError {
  override readonly code = 'LLMSB_ARCHIVE_LIMIT_EXCEEDED';
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
  override readonly code = 'LLMSB_VALIDATION_ERROR';
}

/** Thrown when a session, pool or tool names a language no registered plugin provides. */
export class LanguageNotSupportedError extends SandboxError {
  override readonly code = 'LLMSB_LANGUAGE_NOT_SUPPORTED';
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

/** Thrown by artifact sessions when plots are enabled for a language that cannot capture them. */
export class LanguageNotSupportPlotError extends SandboxError {
  override readonly code = 'LLMSB_LANGUAGE_NOT_SUPPORT_PLOT';
  constructor(readonly language: string) {
    super(`Language "${language}" does not support plot detection. Pass enablePlotting: false.`);
  }
}

/** Thrown at open when the image is not on the engine and cannot be pulled or built; the message says how to get it. */
export class ImageNotFoundError extends SandboxError {
  override readonly code = 'LLMSB_IMAGE_NOT_FOUND';
  constructor(
    readonly image: string,
    hint: string,
  ) {
    super(`Image "${image}" is not present on the engine. ${hint}`);
  }
}

/** Thrown when pulling an image (the base of the library's images) from its registry fails. */
export class ImagePullError extends SandboxError {
  override readonly code = 'LLMSB_IMAGE_PULL_FAILED';
  constructor(
    readonly image: string,
    cause: unknown,
  ) {
    super(`Failed to pull image "${image}": ${describeCause(cause)}. ` + 'Check the name and the registry, or build the image locally.', { cause });
  }
}

/** Thrown by image builds (`llmsb images build`, `buildLanguageImage`, a session's `dockerfile`) that fail or cannot start. */
export class ImageBuildError extends SandboxError {
  override readonly code = 'LLMSB_IMAGE_BUILD_FAILED';
}

/** A plugin package named by string config is not installed. */
export class MissingDependencyError extends SandboxError {
  override readonly code = 'LLMSB_MISSING_DEPENDENCY';
  constructor(
    readonly packageName: string,
    cause?: unknown,
  ) {
    super(`Package "${packageName}" is not installed. Install it with: npm i ${packageName}`, {
      cause,
    });
  }
}

/** Thrown when string config names a backend no registered plugin provides. */
export class UnsupportedBackendError extends SandboxError {
  override readonly code = 'LLMSB_UNSUPPORTED_BACKEND';
  constructor(
    readonly backend: string,
    available: readonly string[],
  ) {
    super(
      `Backend "${backend}" is not supported. Available: ${available.join(', ')}. ` + 'Register a backend plugin with registry.use(...) to add one.',
    );
  }
}

/** Thrown by a call on a session (or tools) that is closed, timed out, or not opened yet. */
export class NotOpenSessionError extends SandboxError {
  override readonly code = 'LLMSB_NOT_OPEN_SESSION';
  constructor(reason = 'Session is not open') {
    super(`${reason}. Open it first (createSession() resolves to an open session).`);
  }
}

/** Thrown by `executeCommand` for an empty string or an empty argv array. */
export class CommandEmptyError extends SandboxError {
  override readonly code = 'LLMSB_COMMAND_EMPTY';
  constructor() {
    super('Command cannot be empty. Pass a shell string or a non-empty argv array.');
  }
}

/** A setup step (install, image preparation) exited non-zero. User code never throws this. */
export class CommandFailedError extends SandboxError {
  override readonly code: SandboxErrorCode = 'LLMSB_COMMAND_FAILED';
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
  override readonly code = 'LLMSB_PACKAGE_MANAGER_ERROR';
}

/** Thrown by `install()` (or `libraries`) for a language whose handler has no installer. */
export class LibraryInstallationNotSupportedError extends SandboxError {
  override readonly code = 'LLMSB_LIBRARY_INSTALLATION_NOT_SUPPORTED';
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
  override readonly code = 'LLMSB_FILE_NOT_FOUND';
  constructor(
    readonly path: string,
    where: 'host' | 'sandbox',
  ) {
    super(`No such file or directory in the ${where}: ${path}`);
  }
}

/** Output was not valid UTF-8 and `encodingErrors` is 'strict'. */
export class OutputDecodingError extends SandboxError {
  override readonly code = 'LLMSB_OUTPUT_DECODING_ERROR';
}

/**
 * Thrown when a pool has no sandbox to hand out: by `acquire()` under strategy `'fail'` when every
 * sandbox is leased, or under `'wait'` when `acquireTimeoutMs` passed first.
 */
export class PoolExhaustedError extends SandboxError {
  override readonly code = 'LLMSB_POOL_EXHAUSTED';
}

/** Thrown when a pool is closed: by `acquire()` after `close()`, and to callers still waiting at `close()`. */
export class PoolClosedError extends SandboxError {
  override readonly code = 'LLMSB_POOL_CLOSED';
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
  override readonly code = 'LLMSB_KERNEL_DIED';
  /** Output the cell produced before the kernel died. */
  readonly stdout: string;
  readonly stderr: string;
  constructor(message: string, details: { stdout?: string; stderr?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.stdout = details.stdout ?? '';
    this.stderr = details.stderr ?? '';
  }
}
