import type Docker from 'dockerode';
import type { RuntimeConfig } from '@llmsb/core';
import { scratchTmpfs, type ScratchPlan } from './scratch-places.js';
import { supervisorCreateOptions } from './supervisor-delivery.js';

/**
 * Capabilities kept for root-run steps (installing Debian packages needs them: apt changes file
 * owners and drops to its `_apt` user). User code runs as an unprivileged user and holds none.
 */
export const KEPT_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID'] as const;

/** The engine's default network, joined only while libraries install in `network: 'install'`. */
export const INSTALL_NETWORK = 'bridge';

export interface CreateSettings {
  readonly image: string;
  readonly workdir: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly runtimeConfig: RuntimeConfig;
  /** Network for `'bridge'` and `'install'`; default: Docker's `bridge`. */
  readonly installNetwork?: string | undefined;
  /** The sized tmpfs places that bound what the code writes (scratch-places.ts); none: unbounded. */
  readonly scratch?: ScratchPlan | undefined;
  /** Whether the engine's tmpfs takes `uid=`/`gid=` (else owners are set after start). Default: true. */
  readonly tmpfsOwnership?: boolean | undefined;
  /** Host path of the supervisor binary: it becomes the main process (see supervisor-delivery.ts). */
  readonly supervisorBinary?: string | undefined;
}

/** The supervisor also needs KILL: it signals the sandbox user's processes, which root cannot do without it. */
const SUPERVISOR_CAPABILITIES = ['KILL'] as const;

/**
 * Container create options from the typed runtime config. The main process is the llmsb
 * supervisor when given, else a root-owned `sleep` under an init that reaps orphans (code then
 * runs through engine exec). `extra` is merged last.
 */
export function createOptions(settings: CreateSettings): Docker.ContainerCreateOptions {
  const config = settings.runtimeConfig;
  const scratch = settings.scratch;
  // A tmpfs is memory, charged to the sandbox: one full place must end in ENOSPC, not an OOM kill.
  const memoryMB = config.memoryMB && scratch ? config.memoryMB + scratch.sizeMB : config.memoryMB;
  const hostConfig: Docker.HostConfig = {
    Init: true,
    // 'install' starts on the bridge so the network can be switched; open() disconnects it.
    NetworkMode: config.network === 'none' ? 'none' : (settings.installNetwork ?? INSTALL_NETWORK),
    PidsLimit: config.pidsLimit,
    CapDrop: ['ALL'],
    CapAdd: [...KEPT_CAPABILITIES, ...(settings.supervisorBinary ? SUPERVISOR_CAPABILITIES : [])],
    SecurityOpt: ['no-new-privileges'],
    ...(memoryMB ? { Memory: memoryMB * 1024 * 1024, MemorySwap: memoryMB * 1024 * 1024 } : {}),
    ...(config.cpuCount ? { NanoCpus: Math.round(config.cpuCount * 1e9) } : {}),
    ...(config.runtime ? { Runtime: config.runtime } : {}),
    ...(config.readOnly ? { ReadonlyRootfs: true } : {}),
    // `exec`: compiled programs run from the workdir and /tmp.
    ...(scratch ? { Tmpfs: scratchTmpfs(scratch, settings.tmpfsOwnership ?? true) } : {}),
    ...(config.mounts.length > 0
      ? {
          Mounts: config.mounts.map((mount) => ({
            Type: mount.type,
            Source: mount.source,
            Target: mount.target,
            ReadOnly: mount.readOnly,
          })),
        }
      : {}),
  };
  const supervisor = settings.supervisorBinary ? supervisorCreateOptions(settings.supervisorBinary) : undefined;
  const { HostConfig: extraHostConfig, ...extra } = config.extra as { HostConfig?: Docker.HostConfig };
  return {
    Image: settings.image,
    Entrypoint: [],
    Cmd: ['sleep', 'infinity'],
    User: '0',
    WorkingDir: settings.workdir,
    Labels: { ...settings.labels },
    Env: Object.entries(config.env).map(([key, value]) => `${key}=${value}`),
    ...supervisor?.config,
    HostConfig: {
      ...hostConfig,
      ...supervisor?.hostConfig,
      Mounts: [...(hostConfig.Mounts ?? []), ...(supervisor?.hostConfig.Mounts ?? [])],
      ...extraHostConfig,
    },
    ...extra,
  };
}
