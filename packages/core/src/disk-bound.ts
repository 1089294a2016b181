import type { RuntimeConfig } from './runtime-config.js';

/** `runtimeConfig.diskMB` when unset: MiB the code may write per writable place. */
export const DEFAULT_DISK_MB = 1024;
/** `runtimeConfig.maxFiles` when unset and the engine can bound file counts. */
export const DEFAULT_MAX_FILES = 65_536;

/** The disk bound a session asked for, with its defaults resolved. */
export interface DiskBound {
  /** MiB per writable place; `null`: none (`diskMB: null` on a writable root). */
  readonly sizeMB: number | null;
  /** Files and folders per writable place; `null`: none asked for. */
  readonly maxFiles: number | null;
  /** Whether `maxFiles` was given by the user (then an engine that cannot bound it is an error). */
  readonly maxFilesExplicit: boolean;
}

/** A read-only root's tmpfs size with `diskMB: null` and no `tmpfsSizeMB` (a tmpfs needs one). */
const READ_ONLY_TMPFS_MB = 256;

/**
 * Resolves `diskMB` and `maxFiles`; the deprecated `tmpfsSizeMB` stands in for an unset `diskMB`.
 * A read-only root keeps its tmpfs sized even with `diskMB: null`.
 */
export function resolveDiskBound(config: RuntimeConfig): DiskBound {
  const sizeMB =
    config.diskMB === null
      ? config.readOnly
        ? (config.tmpfsSizeMB ?? READ_ONLY_TMPFS_MB)
        : null
      : (config.diskMB ?? config.tmpfsSizeMB ?? DEFAULT_DISK_MB);
  return {
    sizeMB,
    maxFiles: config.maxFiles === null || sizeMB === null ? null : (config.maxFiles ?? DEFAULT_MAX_FILES),
    maxFilesExplicit: typeof config.maxFiles === 'number',
  };
}
