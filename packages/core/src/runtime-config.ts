import { z } from 'zod';

// The runtime settings of a sandbox. Its own module (importing nothing of core's) so the
// contracts in types.ts can name `RuntimeConfig` without an options.ts <-> types.ts cycle.

const mountSchema = z.object({
  /** Host path (bind) or volume name. */
  source: z.string().min(1),
  /** Path inside the sandbox. */
  target: z.string().startsWith('/'),
  type: z.enum(['bind', 'volume', 'tmpfs']).default('bind'),
  readOnly: z.boolean().default(true),
});

/** Typed resource and isolation settings; `extra` is passed to the backend unchanged. */
export const runtimeConfigSchema = z.strictObject({
  /** Memory limit in MiB (swap included, so none is left over). Default: 1024; `null`: no limit. */
  memoryMB: z.number().int().positive().nullable().default(1024),
  /** CPUs the sandbox may use (fractions allowed). Default: 1; `null`: no limit. */
  cpuCount: z.number().positive().nullable().default(1),
  /** Maximum number of processes and threads (a JVM or `go build` needs a few hundred). Default: 512. */
  pidsLimit: z.number().int().positive().default(512),
  /** OCI runtime, e.g. `'runsc'` (gVisor) or `'kata'`, for stronger isolation. Default: the engine's. */
  runtime: z.string().min(1).optional(),
  /**
   * `'install'`: online only while libraries install, offline while code runs; `'bridge'`:
   * always online; `'none'`: never (installing libraries then fails). Default: `'install'`.
   */
  network: z.enum(['install', 'bridge', 'none']).default('install'),
  /** User that runs code and commands. Default: the image's unprivileged `sandbox` user. */
  user: z.string().min(1).optional(),
  /**
   * Most MiB the code can write, per writable place (workdir, /tmp, /var/tmp, home, caches): past
   * it a write fails with `ENOSPC`. Default: 1024 (`DEFAULT_DISK_MB`); `null`: no bound. How each
   * backend enforces it, and what it costs in memory, is in SECURITY.md ("Disk"). A bound the
   * sandbox cannot enforce (an image whose writable places llmsb does not know) is an error
   * unless this is `null` or `readOnly` is set.
   */
  diskMB: z.number().int().positive().nullable().optional(),
  /**
   * Most files and folders per writable place (past it: `ENOSPC`). Default: 65 536
   * (`DEFAULT_MAX_FILES`) where the engine can bound it (Docker; not Podman 4, not Kubernetes,
   * where the memory limit bounds them); `null`: no bound. Asking for it where it cannot be
   * enforced is an error.
   */
  maxFiles: z.number().int().positive().nullable().optional(),
  /** Read-only root file system; the workdir and /tmp become tmpfs of `diskMB`. Default: false. */
  readOnly: z.boolean().default(false),
  /**
   * Deprecated alias of `diskMB` (when `diskMB` is unset); with `diskMB: null` it still sizes a
   * read-only root's tmpfs (default 256 then).
   */
  tmpfsSizeMB: z.number().int().positive().optional(),
  /** Extra environment variables for every process. */
  env: z.record(z.string(), z.string()).default({}),
  mounts: z.array(mountSchema).default([]),
  /** Escape hatch: raw backend create options merged over ours (e.g. Docker `HostConfig` fields). */
  extra: z.record(z.string(), z.unknown()).default({}),
});

/** Runtime settings after defaults are applied (what backends receive). */
export type RuntimeConfig = z.output<typeof runtimeConfigSchema>;

/** A file system mounted into the sandbox. */
export interface MountInput {
  /** Host path (bind) or volume name. */
  source: string;
  /** Path inside the sandbox. */
  target: string;
  /** @default 'bind' */
  type?: 'bind' | 'volume' | 'tmpfs' | undefined;
  /** @default true */
  readOnly?: boolean | undefined;
}

/** Typed resource and isolation settings of a sandbox (`runtimeConfig`); `extra` is passed to the backend unchanged. */
export interface RuntimeConfigInput {
  /** Memory limit in MiB (swap included, so none is left over); `null`: no limit. @default 1024 */
  memoryMB?: number | null | undefined;
  /** CPUs the sandbox may use (fractions allowed); `null`: no limit. @default 1 */
  cpuCount?: number | null | undefined;
  /** Maximum number of processes and threads (a JVM or `go build` needs a few hundred). @default 512 */
  pidsLimit?: number | undefined;
  /** OCI runtime, e.g. `'runsc'` (gVisor) or `'kata'`, for stronger isolation. @default the engine's */
  runtime?: string | undefined;
  /**
   * `'install'`: online only while libraries install, offline while code runs; `'bridge'`:
   * always online; `'none'`: never (installing libraries then fails).
   * @default 'install'
   */
  network?: 'install' | 'bridge' | 'none' | undefined;
  /** User that runs code and commands. @default the image's unprivileged `sandbox` user */
  user?: string | undefined;
  /**
   * Most MiB the code can write, per writable place (workdir, /tmp, /var/tmp, home, caches): past
   * it a write fails with `ENOSPC`; `null`: no bound. A bound the sandbox cannot enforce is an
   * error unless this is `null` or `readOnly` is set (SECURITY.md, "Disk").
   * @default 1024 (`DEFAULT_DISK_MB`)
   */
  diskMB?: number | null | undefined;
  /**
   * Most files and folders per writable place (past it: `ENOSPC`); `null`: no bound. Asking for it
   * where the engine cannot enforce it (Podman 4, Kubernetes) is an error.
   * @default 65536 (`DEFAULT_MAX_FILES`) where the engine can bound it
   */
  maxFiles?: number | null | undefined;
  /** Read-only root file system; the workdir and /tmp become tmpfs of `diskMB`. @default false */
  readOnly?: boolean | undefined;
  /** @deprecated Use `diskMB`. With `diskMB: null` it still sizes a read-only root's tmpfs (256 then). */
  tmpfsSizeMB?: number | undefined;
  /** Extra environment variables for every process. @default {} */
  env?: Record<string, string> | undefined;
  /** @default [] */
  mounts?: MountInput[] | undefined;
  /** Escape hatch: raw backend create options merged over ours (e.g. Docker `HostConfig` fields). @default {} */
  extra?: Record<string, unknown> | undefined;
}

// Compile-time proof that the documented interface and the schema accept the same input.
// All-optional types are assignable to each other whatever their keys, so the keys are compared too.
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type Assert<T extends true> = T;
type _RuntimeConfigInputMatchesSchema = Assert<Same<RuntimeConfigInput, z.input<typeof runtimeConfigSchema>>>;
