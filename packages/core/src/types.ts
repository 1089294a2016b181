/**
 * The contracts between core and its plugins. Backends implement `ContainerAPI`; languages
 * implement `LanguageHandler`. Nothing above `ContainerAPI` may assume that a process *is* a
 * Docker exec, so that a faster transport (an in-sandbox agent) can serve every backend later.
 */
import type { ScannerSyntax } from '@llmsb/security';
import type { ContainerError } from './errors.js';
import type { Logger } from './logger.js';
import type { Duplex } from 'node:stream';
import type { RuntimeConfig } from './runtime-config.js';
import type { ResourceUsage } from './results.js';
import type { ArchiveLimits } from './archive-limits.js';
import type { ArchiveStream } from './archive-over-exec.js';
import type { SandboxFiles } from './sandbox-files.js';

/** Bytes for a process's stdin: in memory, or streamed (a file upload) with the writer's backpressure. */
export type StdinSource = Uint8Array | AsyncIterable<Uint8Array>;

/** One process to start inside the sandbox. */
/** See `ExecRequest.file`. */
export interface ExecFile {
  readonly path: string;
  readonly content: string;
}

export interface ExecRequest {
  /** Program and arguments; no shell is involved (wrap in `/bin/sh -c` for one). */
  readonly argv: readonly string[];
  /** Bytes written to the process's stdin, which is then closed. Without it stdin is empty. */
  readonly stdin?: StdinSource;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * `env` is the whole environment (root steps): the sandbox's own variables are dropped where
   * the backend can (the supervisor does; an engine exec still merges the container's).
   */
  readonly clearEnv?: boolean;
  /** Working directory; default: the sandbox's workdir. */
  readonly workdir?: string;
  /** User to run as; default: the sandbox's unprivileged user. */
  readonly user?: string;
  readonly onStdout?: (chunk: Uint8Array) => void;
  readonly onStderr?: (chunk: Uint8Array) => void;
  /**
   * Aborting kills every process this exec started — including ones that left its process group
   * — and rejects with `signal.reason` once they are confirmed gone.
   */
  readonly signal?: AbortSignal;
  /**
   * Deadline for a backend that enforces it inside the sandbox (`enforcesTimeouts`); it then
   * kills the processes and resolves with `timedOut: true`. Others ignore it.
   */
  readonly timeoutMs?: number;
  /** Per stream, for a backend that caps output at the source: head and tail kept, middle dropped. */
  readonly maxOutputBytes?: number;
  /** A supervised sandbox with a ready fork server makes the process from it (`WarmStartSpec`); others ignore it. */
  readonly warm?: boolean;
  /**
   * A file the process needs while it runs (a run's code), written as its user before it starts
   * and removed after it ends, in the same request. Only a supervised sandbox takes it
   * (`SupervisedContainer.carries`); the library gives it to no other.
   */
  readonly file?: ExecFile;
  /** Told how many bytes a capping backend dropped, at the point where it dropped them. */
  readonly onOutputDropped?: (stream: 'stdout' | 'stderr', bytes: number) => void;
  /**
   * Given, once the process runs, a switch for reading its output: while paused the backend reads
   * nothing more, so the process blocks when its pipe fills (a consumer slower than the sandbox,
   * e.g. a file copied to disk). Backends that cannot pause never call it.
   */
  readonly onOutputFlow?: (flow: OutputFlow) => void;
}

/** Pauses and resumes reading a running process's output. */
export interface OutputFlow {
  pause(): void;
  resume(): void;
}

export interface ExecResult {
  readonly exitCode: number;
  /** The backend's own deadline (`timeoutMs`) ended the call. */
  readonly timedOut?: boolean;
  readonly usage?: ResourceUsage;
}

/** The byte stream to a sandbox's supervisor and what calls over it default to. */
export interface SupervisorEndpoint {
  /** Protocol bytes both ways (the supervisor's stdin and stdout). */
  readonly stream: Duplex;
  /** User for calls that name none. */
  readonly defaultUser: string;
  /** Working directory for calls that name none. */
  readonly workdir: string;
  /** The backend created this sandbox: after each call, every process but the supervisor dies. */
  readonly owned: boolean;
  /** Put before every call's argv (e.g. `micromamba run -n base`); file transfer runs without it. */
  readonly argvPrefix?: readonly string[];
  /** The backend's account of a lost stream (the sandbox was evicted, deleted, ...); absent: the loss as is. */
  explainLoss?(lost: ContainerError): Promise<ContainerError>;
}

/** Metadata of a path in the sandbox, as read from its archive header. */
export interface PathStat {
  readonly name: string;
  readonly size: number;
  readonly mode: number;
  readonly mtime: Date;
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  readonly linkTarget?: string;
}

/** The seam every backend implements. Processes, file transfer and kill live behind it. */
export interface ContainerAPI {
  /** The backend's id of the sandbox (container id, pod name, ...). */
  readonly id: string;
  exec(request: ExecRequest): Promise<ExecResult>;
  /** Unpacks a tar archive into `directory` (created when missing). Works on read-only roots. */
  putArchive(directory: string, tar: StdinSource): Promise<void>;
  /**
   * Turns the sandbox's network on or off, for `network: 'install'` (online only while
   * libraries install). Backends without it cannot offer that mode.
   */
  setNetworkAccess?(online: boolean): Promise<void>;
  /** Packs `path` (file or directory) into a tar whose top entry is its base name. */
  getArchive(path: string): Promise<Uint8Array>;
  /**
   * The same tar as a stream, checked header by header against `limits` (`ArchiveLimitError`
   * past one, the packing killed). Absent: core reads `getArchive` and checks it afterwards.
   */
  getArchiveStream?(path: string, limits: ArchiveLimits): ArchiveStream;
  /** Single-file operations served natively (the supervisor). Absent: core runs them through `exec`. */
  readonly fileOps?: SandboxFiles;
  /**
   * Releases the sandbox: removes what the backend created, leaves what it attached to.
   * Idempotent. Resolves with the tag of a committed image when `commitContainer` was asked.
   */
  close(): Promise<CloseOutcome>;
  /**
   * The stream to the in-sandbox supervisor, for a sandbox opened with `supervisor: true`. Core
   * then serves every call over it (see `SupervisedContainer`). Absent: calls use `exec`.
   */
  openSupervisorStream?(): Promise<SupervisorEndpoint>;
  /** `exec` honours `timeoutMs` inside the sandbox (the host's timer is then only a backstop). */
  readonly enforcesTimeouts?: boolean;
  /**
   * The identity libraries install as (an llmsb image's installer, see `INSTALLER_USER`): it owns
   * the install targets, which the code's user can read but not write. Absent (images not built by
   * llmsb, backends that cannot switch identity): installs run as the code's user.
   */
  readonly installUser?: string | undefined;
}

export interface CloseOutcome {
  readonly committedImage?: string;
}

/** What a backend needs to open a sandbox for a session. */
export interface BackendOpenContext {
  readonly language: LanguageHandler;
  readonly image?: string;
  readonly dockerfile?: string;
  readonly containerId?: string;
  readonly workdir: string;
  readonly runtimeConfig: RuntimeConfig;
  readonly keepTemplate: boolean;
  readonly commitContainer: boolean;
  /** Labels every created sandbox carries (owner, session id, language, version). */
  readonly labels: Readonly<Record<string, string>>;
  /** Backend client given by the user (a dockerode instance, a KubeConfig, ...). */
  readonly client?: unknown;
  /** Build the language's default image when it is missing instead of failing. */
  readonly buildMissingImage: boolean;
  /**
   * The session's lifetime, if limited. The session removes the sandbox when it passes; a backend
   * may also give it to the sandbox itself, so the sandbox dies even if this process does.
   */
  readonly sessionTimeoutMs?: number;
  /** Start the sandbox under the llmsb supervisor, when the backend can (`openSupervisorStream`). */
  readonly supervisor: boolean;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

export interface BackendPlugin {
  readonly kind: 'backend';
  /** Lower-case name used in string config. */
  readonly name: string;
  readonly aliases?: readonly string[];
  open(context: BackendOpenContext): Promise<ContainerAPI>;
}

/** The recipe of a language's default image: one source, rendered by each builder. */
export interface ImageRecipe {
  /** Image repository, e.g. `llmsb/python`; the tag is the recipe's hash. */
  readonly repository: string;
  /** Debian (bookworm) packages installed as root. */
  readonly aptPackages: readonly string[];
  /** Shell steps run as root after the packages, e.g. creating a virtual environment. */
  readonly setup: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /**
   * Folders of the image that the code writes besides the workdir, /tmp, /var/tmp, /run/lock and
   * its home (e.g. a build cache). Under a disk bound each becomes a sized tmpfs owned by the
   * code's user; `seeded` ones start with the image's content (copied at open).
   */
  readonly scratch?: { readonly owned: readonly string[]; readonly seeded?: readonly string[] };
}

/**
 * How a language's fork server starts and how a run asks it for a child (PROTOCOL.md, "Fork
 * server"). The server runs as root with `serverEnv` only; every per-run datum reaches the child.
 */
export interface WarmStartSpec {
  /** The server's argv: an interpreter from a root-owned path, isolated from the sandbox's files. */
  readonly serverArgv: readonly string[];
  /** The server's whole environment. */
  readonly serverEnv: Readonly<Record<string, string>>;
  /** A run of `file` without a shell: what the child does, and the cold fallback. */
  runArgv(file: string): readonly string[];
  /**
   * What a wrapper that cannot put a forked process inside a shell (the artifact capture) adds
   * around each warm run: a shell script before it, variables for it, and a shell script after it
   * whatever its exit (whose own exit does not count). Run by `/bin/sh` in the workdir.
   */
  readonly frame?: WarmRunFrame;
}

/** See `WarmStartSpec.frame`. */
export interface WarmRunFrame {
  readonly before?: string;
  /** Given the run's environment, the variables to add or replace. */
  env?(runEnv: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
  readonly after?: string;
}

/** How a language turns source code into processes. */
export interface LanguageHandler {
  readonly kind: 'language';
  readonly name: string;
  readonly aliases?: readonly string[];
  /** File extension of source files, without the dot. */
  readonly fileExtension: string;
  readonly imageRecipe: ImageRecipe;
  /**
   * Shell commands that run the program in `file`: one per step, each in its own process, in
   * order (compile, then run); a step that exits non-zero stops the rest and the result names
   * it. Run by `/bin/sh` in the workdir. Interpreted languages have one step.
   */
  runCommands(file: string): readonly string[];
  /** Names of the steps, e.g. `['compile', 'run']`, reported as `failedStep`. Default: `step N`. */
  readonly runStepNames?: readonly string[];
  /**
   * Shell command installing the libraries; undefined when the language cannot install. It runs
   * as the sandbox's installer (see `ContainerAPI.installUser`) from its home when the image has
   * one, else as the code's user from the workdir, and must read no configuration the code could
   * have written: pin every config file and cache on the command line.
   */
  installCommand?(libraries: readonly string[]): string;
  /**
   * User the install command runs as, e.g. `root` for a system package manager (apt), which then
   * runs as a root step (fixed environment, from `/`). Default: the sandbox's installer identity,
   * else its unprivileged user; install scripts are code too, and never run as root.
   */
  readonly installUser?: string | undefined;
  /** Checks one library name before anything runs (no shell injection through names). */
  validateLibraryName?(name: string): boolean;
  /** Environment every process of this language gets. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Scanner inputs for the security policy: comments, strings and import patterns. Default: the
   * built-in syntax for the language's name (`scannerSyntaxes`), else one that knows no syntax.
   */
  readonly scanner?: LanguageScannerSyntax;
  /** A warm interpreter that runs fork a fresh child of (`warmStart`); unset: runs always start cold. */
  readonly warmStart?: WarmStartSpec | undefined;
  readonly supportsPlots?: boolean;
}

/**
 * Scanner inputs of a language (comments, strings, import patterns); defined by `@llmsb/security`,
 * which ships one for each language llmsb supports (`scannerSyntaxes`).
 */
export type LanguageScannerSyntax = ScannerSyntax;

export type SandboxPlugin = BackendPlugin | LanguageHandler;
