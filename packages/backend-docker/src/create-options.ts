import type Docker from 'dockerode';
import type { RuntimeConfig } from '@llmsb/core';

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
  /** Numeric `uid:gid` that owns the tmpfs workdir of a read-only sandbox; default: world-writable. */
  readonly workdirOwner?: string | undefined;
}

/**
 * Container create options from the typed runtime config. The main process is a root-owned
 * `sleep` under an init that reaps orphans; code runs through exec. `extra` is merged last.
 */
export function createOptions(settings: CreateSettings): Docker.ContainerCreateOptions {
  const config = settings.runtimeConfig;
  // `exec`: compiled programs run from the workdir. Docker ignores `mode` on a mount over the
  // WORKDIR, so the workdir is handed to its user by uid instead.
  const tmpfsOptions = `rw,exec,nosuid,nodev,size=${config.tmpfsSizeMB}m,mode=1777`;
  const [uid, gid = uid] = settings.workdirOwner?.split(':') ?? [];
  const workdirTmpfs = uid ? `rw,exec,nosuid,nodev,size=${config.tmpfsSizeMB}m,uid=${uid},gid=${gid}` : tmpfsOptions;
  const hostConfig: Docker.HostConfig = {
    Init: true,
    // 'install' starts on the bridge so the network can be switched; open() disconnects it.
    NetworkMode: config.network === 'none' ? 'none' : (settings.installNetwork ?? INSTALL_NETWORK),
    PidsLimit: config.pidsLimit,
    CapDrop: ['ALL'],
    CapAdd: [...KEPT_CAPABILITIES],
    SecurityOpt: ['no-new-privileges'],
    ...(config.memoryMB ? { Memory: config.memoryMB * 1024 * 1024, MemorySwap: config.memoryMB * 1024 * 1024 } : {}),
    ...(config.cpuCount ? { NanoCpus: Math.round(config.cpuCount * 1e9) } : {}),
    ...(config.runtime ? { Runtime: config.runtime } : {}),
    ...(config.readOnly ? { ReadonlyRootfs: true, Tmpfs: { [settings.workdir]: workdirTmpfs, '/tmp': tmpfsOptions } } : {}),
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
  const { HostConfig: extraHostConfig, ...extra } = config.extra as { HostConfig?: Docker.HostConfig };
  return {
    Image: settings.image,
    Entrypoint: [],
    Cmd: ['sleep', 'infinity'],
    User: '0',
    WorkingDir: settings.workdir,
    Labels: { ...settings.labels },
    Env: Object.entries(config.env).map(([key, value]) => `${key}=${value}`),
    HostConfig: { ...hostConfig, ...extraHostConfig },
    ...extra,
  };
}
