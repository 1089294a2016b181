export { createSession, SandboxSession } from './create-session.js';
export { Session } from './session.js';
export type { ArchiveResult, CallOptions, Command, CommandOptions, RunOptions } from './session.js';
export { PluginRegistry, defaultRegistry } from './registry.js';
export type { PluginRegistryOptions } from './registry.js';
export { discoverPluginPackages } from './discover-plugin-packages.js';
export type { DiscoveredPlugins } from './discover-plugin-packages.js';
export { builtinBackends, builtinLanguages, SandboxBackend, SupportedLanguage } from './builtin-plugins.js';
export { importPluginPackage } from './import-plugin-package.js';
export { parseSessionOptions, parseWith, runtimeConfigSchema, sessionOptionsSchema } from './options.js';
export type { MountInput, ResolvedSessionOptions, RuntimeConfig, RuntimeConfigInput, SessionOptions } from './options.js';
export { consoleOutput, FileType } from './results.js';
export type { ConsoleOutput, ExecutionResult, PlotOutput, ResourceUsage } from './results.js';
export { SupervisedContainer } from './supervisor/supervised-container.js';
export type { SuperviseOptions } from './supervisor/supervised-container.js';
export { SupervisorClient } from './supervisor/supervisor-client.js';
export type { FileLimits, SupervisorCall, SupervisorConnectOptions, SupervisorExit, SupervisorFileInfo } from './supervisor/supervisor-client.js';
export {
  encodeFrame,
  encodeJsonFrame,
  decodeJson,
  FrameDecoder,
  FrameType,
  MAX_PAYLOAD,
  PROTOCOL_VERSION,
  ProtocolError,
} from './supervisor/frames.js';
export type { Frame } from './supervisor/frames.js';
export { OutputCollector } from './output-collector.js';
export { execCollected, execSequence } from './collected-exec.js';
export type { CollectOptions, SequenceOutcome, SequenceStep } from './collected-exec.js';
export { silentLogger, stderrLogger } from './logger.js';
export type { Logger } from './logger.js';
export { LABELS, isAbandoned, isOwnerAlive, ownerLabels } from './owner.js';
export type { CleanupOptions, CleanupReport } from './cleanup-report.js';
export { IMAGE_LABELS, IMAGE_WORKDIR, recipeHash, recipeImageTag, SANDBOX_UID, SANDBOX_USER } from './recipe-image.js';
export { EXEC_MARKER_VARIABLE, KILL_SCRIPT, SYSTEM_PATH } from './kill-script.js';
export { runScript, runScripts } from './run-script.js';
export { isRootUser, ROOT_STEP_PATH, ROOT_STEP_WORKDIR, rootStepEnvironment } from './root-step.js';
export { INSTALLER_HOME, INSTALLER_LABEL, INSTALLER_UID, INSTALLER_USER, installerOwned, installerStepEnvironment } from './installer.js';
export { shArgv, shellQuote } from './shell.js';
export { getArchiveOverExec, putArchiveOverExec, streamArchiveOverExec } from './archive-over-exec.js';
export type { ArchiveStream } from './archive-over-exec.js';
export { ArchiveBudget, DEFAULT_ARCHIVE_LIMITS, tarBudget } from './archive-limits.js';
export type { ArchiveLimits } from './archive-limits.js';
export { checkMountSource } from './mount-policy.js';
export { DEFAULT_DISK_MB, DEFAULT_MAX_FILES, resolveDiskBound } from './disk-bound.js';
export type { DiskBound } from './disk-bound.js';
export { ENGINE_START_FAILURES, StartFailureGuard } from './start-failure.js';
export type { StartFailureSignature } from './start-failure.js';
export type { MountPolicyContext } from './mount-policy.js';
export { filesOverExec } from './sandbox-files.js';
export type { SandboxFiles } from './sandbox-files.js';
export { hasStdin, readAllStdin, stdinChunks, writeChunks } from './stdin-source.js';
export { callbackSink } from './stream-sink.js';
export { endOrKill } from './end-or-kill.js';
export type { KillOnAbort } from './end-or-kill.js';
export { extractSafely, packFiles, packHostDirectoryContents, packHostPath, readTar, statFromTar } from './tar.js';
export type { TarEntry, TarFile } from './tar.js';
export { extractStreamSafely, packHostPathStream } from './host-transfer.js';
export type { ExtractReport } from './host-transfer.js';
export { LIBRARY_VERSION } from './version.js';
export {
  SandboxError,
  SandboxTimeoutError,
  ContainerError,
  SecurityError,
  SecurityViolationError,
  ResourceError,
  ArchiveLimitError,
  ValidationError,
  LanguageNotSupportedError,
  LanguageNotSupportPlotError,
  ImageNotFoundError,
  ImagePullError,
  ImageBuildError,
  MissingDependencyError,
  UnsupportedBackendError,
  NotOpenSessionError,
  CommandEmptyError,
  CommandFailedError,
  PackageManagerError,
  LibraryInstallationNotSupportedError,
  InvalidRegexPatternError,
  InvalidSecurityPolicyError,
  UnknownSecurityPresetError,
  SandboxFileNotFoundError,
  OutputDecodingError,
  describeCause,
} from './errors.js';
export { hasErrorCode } from './errors.js';
export type { LegacySandboxErrorCode, SandboxErrorCode } from './errors.js';
export type {
  BackendOpenContext,
  BackendPlugin,
  CloseOutcome,
  ContainerAPI,
  ExecFile,
  ExecRequest,
  ExecResult,
  ImageRecipe,
  LanguageHandler,
  WarmStartSpec,
  WarmRunFrame,
  LanguageScannerSyntax,
  PathStat,
  OutputFlow,
  SandboxPlugin,
  StdinSource,
  SupervisorEndpoint,
} from './types.js';
export {
  checkLibraries,
  getSecurityPolicy,
  scanCode,
  scannerSyntaxes,
  securityPresets,
  SecurityIssueSeverity,
  SecurityPolicy,
} from '@llmsb/security';
export type {
  RestrictedModule,
  ScannerSyntax,
  ScanResult,
  SecurityPattern,
  SecurityPolicyInput,
  SecurityPresetName,
  SecurityViolation,
} from '@llmsb/security';
export type { SecurityMode } from './security-gate.js';
export { createPool } from './pool/create-pool.js';
export { Pool } from './pool/pool.js';
export { parsePoolOptions, poolOptionsSchema } from './pool/pool-options.js';
export type { AcquireOptions, PoolOptions, ResolvedPoolOptions } from './pool/pool-options.js';
export type { PoolEvents, PoolStats, RemovalReason } from './pool/pool-stats.js';
export type { Lease, LeaseAware } from './pool/lease-hook.js';
export { POOL_LABEL } from './pool/warm-sandbox.js';
export { PoolClosedError, PoolExhaustedError } from './errors.js';
export type { PooledSessionOptions } from './create-session.js';
export { createInteractiveSession, InteractiveSandboxSession } from './interactive/create-interactive-session.js';
export { InteractiveSession } from './interactive/interactive-session.js';
export { hasInteractiveKernel } from './interactive/kernels.js';
export { CellTimeoutError } from './interactive/cell-timeout-error.js';
export { KernelDiedError } from './errors.js';
export type { InteractiveSessionOptions, KernelStartOptions } from './interactive/interactive-options.js';
export type { UpstreamInteractiveOptions } from './interactive/upstream-options.js';
export type { CellOptions } from './interactive/cell-options.js';
export type { CellError, CellResult, MimeBundle } from './interactive/cell-result.js';
