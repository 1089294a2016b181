import type { SecurityPolicy, SecurityPolicyInput, SecurityPresetName } from '@llmsb/security';
import type { Logger } from './logger.js';
import type { RuntimeConfigInput } from './runtime-config.js';
import type { BackendPlugin, LanguageHandler } from './types.js';

/**
 * Options of `createSession`. Validated at runtime by `sessionOptionsSchema` (options.ts), which
 * is checked at compile time to accept exactly this shape; this interface is what editors show.
 */
export interface SessionOptions {
  /** Backend name (`'docker'`, `'podman'`, `'kubernetes'`, `'micromamba'`, a plugin's) or a backend plugin. @default 'docker' */
  backend?: string | BackendPlugin | undefined;
  /** Language name (`'python'`, ..., a plugin's) or a language plugin. @default 'python' */
  lang?: string | LanguageHandler | undefined;
  /** Image to run, a Docker image reference (`python:3.11-slim`, `ghcr.io/a/b@sha256:...`). @default the language's own image, built from its recipe */
  image?: string | undefined;
  /** Path of a Dockerfile to build the image from (not with `image` or `containerId`). */
  dockerfile?: string | undefined;
  /** Attach to this existing container instead of creating one; `close()` leaves it running. */
  containerId?: string | undefined;
  /**
   * Directory code runs in: a normalised absolute path, not `/` and not at or under a system
   * folder (`/etc`, `/usr`, `/var`, ...; `/var/tmp` and below are allowed).
   * @default '/sandbox'
   */
  workdir?: string | undefined;
  /** Keep an image this session built from `dockerfile`. @default false */
  keepTemplate?: boolean | undefined;
  /** Commit the container to a new tag at close; the tag is reported by `close()`. @default false */
  commitContainer?: boolean | undefined;
  /** Log commands and output to stderr. @default false */
  verbose?: boolean | undefined;
  /** Where logs go instead of stderr. */
  logger?: Logger | undefined;
  /** Log output as it arrives (with `verbose` or a `logger`). @default false */
  stream?: boolean | undefined;
  /** Backend client (a dockerode instance, ...). @default the backend connects itself */
  client?: unknown;
  /** Resources and isolation: memory, CPUs, processes, network, disk, mounts, ... @default {} (each field's own default) */
  runtimeConfig?: RuntimeConfigInput | undefined;
  /** Timeout of `run()` and commands in ms; `null` disables. @default 60000 */
  defaultTimeoutMs?: number | null | undefined;
  /** Timeout of `run()` in ms, over `defaultTimeoutMs`; `null` disables. @default unset */
  executionTimeoutMs?: number | null | undefined;
  /** Lifetime of the session in ms; when it passes the sandbox is removed. @default unset */
  sessionTimeoutMs?: number | null | undefined;
  /** Bytes kept per stream (head and tail); the rest is dropped and `truncated` set. @default 10485760 (10 MiB) */
  maxOutputBytes?: number | undefined;
  /**
   * Largest file transfer (`copyFromRuntime`, `copyToRuntime`, `getArchive`, `readFile`,
   * `writeFile`), summing the entries' apparent sizes. Past it: `ArchiveLimitError`, nothing
   * partial written.
   * @default 1073741824 (1 GiB)
   */
  maxArchiveBytes?: number | undefined;
  /** Most entries in one transfer or `listFiles`. @default 100000 */
  maxArchiveEntries?: number | undefined;
  /** Invalid UTF-8 becomes U+FFFD (`'replace'`) or fails the call (`'strict'`). @default 'replace' */
  encodingErrors?: 'replace' | 'strict' | undefined;
  /** Libraries installed when the session opens. @default [] */
  libraries?: string[] | undefined;
  /**
   * Serve every call through the in-sandbox supervisor over one stream per session. Backends
   * without it use one engine exec per call (`session.execPath` says which); `false` forces
   * engine exec.
   * @default true
   */
  supervisor?: boolean | undefined;
  /**
   * With the supervisor, a language that has a warm interpreter (Python) starts one after
   * `open()` and forks a fresh child of it per `run()` instead of starting the interpreter cold.
   * Until it is ready, and where it cannot run, runs start cold.
   * @default false
   */
  warmStart?: boolean | undefined;
  /** With the supervisor: ms the sandbox outlives a silent owner before it kills everything and is removed (at least 1000). @default 15000 */
  ownerGraceMs?: number | undefined;
  /** Build the language's default image when missing instead of failing. @default false */
  buildMissingImage?: boolean | undefined;
  /**
   * Policy checked by `run()` and `install()` before anything starts: a `SecurityPolicy`, its
   * JSON, or a preset name (`'production'`, see `getSecurityPolicy`).
   * @default none
   */
  securityPolicy?: SecurityPolicy | SecurityPresetName | (string & {}) | SecurityPolicyInput | undefined;
  /** `'enforce'` refuses blocked code with `SecurityViolationError`; `'advise'` runs it and logs a warning. @default 'enforce' */
  securityMode?: 'enforce' | 'advise' | undefined;
}
