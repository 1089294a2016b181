import type Docker from 'dockerode';
import { checkMountSource, ResourceError, type RuntimeConfig } from '@llmsb/core';
import type { EngineFlavor } from './engine-flavor.js';

/** What an engine can enforce, read once per client from `docker info`. */
interface EngineSupport {
  readonly memoryLimit: boolean;
  readonly cpuLimit: boolean;
  readonly pidsLimit: boolean;
  readonly runtimes: readonly string[];
  /** The runtime containers get when none is named (`DefaultRuntime`). */
  readonly defaultRuntime: string | undefined;
  /** Where the engine keeps images and containers (`DockerRootDir`). */
  readonly dataRoot: string | undefined;
}

const cache = new WeakMap<Docker, Promise<EngineSupport>>();

/**
 * Every bind mount of the final create options — from `mounts` and from the `extra` escape hatch
 * (`HostConfig.Mounts`, `HostConfig.Binds`) — passes `checkMountSource`: no engine socket, no
 * folder holding one, no `/`, `/proc`, `/sys`, `/dev` or engine data root (`SecurityError`).
 */
export async function assertSafeMounts(docker: Docker, options: Docker.ContainerCreateOptions): Promise<void> {
  const host = options.HostConfig ?? {};
  const sources = [
    ...(host.Mounts ?? []).filter((mount) => mount.Type === 'bind' && mount.Source).map((mount) => mount.Source),
    // `Binds` entries are `source:target[:options]`; a source that is not a path names a volume.
    ...(host.Binds ?? []).map((bind) => bind.split(':')[0] ?? '').filter((source) => source.startsWith('/')),
  ];
  if (sources.length === 0) return;
  const support = await engineSupport(docker);
  const engineSocket = (docker.modem as { socketPath?: unknown }).socketPath;
  for (const source of sources) {
    checkMountSource(source, {
      resolveOnThisHost: true,
      engineSocket: typeof engineSocket === 'string' ? engineSocket : undefined,
      dataRoots: [support.dataRoot],
    });
  }
}

/**
 * Fails closed: a limit or runtime that was asked for but that this engine cannot enforce is an
 * error, never a silent no-op.
 */
export async function assertEnforceable(docker: Docker, config: RuntimeConfig, flavor: EngineFlavor): Promise<void> {
  const support = await engineSupport(docker);
  const missing = [
    config.memoryMB && !support.memoryLimit ? 'memoryMB (memory limit)' : undefined,
    config.cpuCount && !support.cpuLimit ? 'cpuCount (CPU quota)' : undefined,
    !support.pidsLimit ? 'pidsLimit' : undefined,
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ResourceError(
      `This engine cannot enforce ${missing.join(', ')} (a rootless engine on cgroups v1 cannot). ` +
        'Set them to null to run without, or use a rootful engine or a cgroups v2 host.',
    );
  }
  if (config.runtime && !support.runtimes.includes(config.runtime)) {
    throw new ResourceError(`The engine has no OCI runtime "${config.runtime}" (it has: ${support.runtimes.join(', ')}).`);
  }
  // An engine that ignores a container's runtime would run it on its default one, silently.
  if (config.runtime && flavor.serviceRuntimeOnly && config.runtime !== support.defaultRuntime) {
    throw new ResourceError(flavor.serviceRuntimeOnly(config.runtime, support.defaultRuntime));
  }
}

// --- Internal helpers ---

function engineSupport(docker: Docker): Promise<EngineSupport> {
  let support = cache.get(docker);
  if (!support) {
    support = docker.info().then((info: Record<string, unknown>) => {
      // A rootless engine on cgroups v1 cannot apply limits, yet reports them as supported.
      const options = (info['SecurityOptions'] as string[] | undefined) ?? [];
      const rootlessV1 = options.some((option) => option.includes('rootless')) && String(info['CgroupVersion']) === '1';
      return {
        memoryLimit: info['MemoryLimit'] !== false && !rootlessV1,
        cpuLimit: (info['CpuCfsQuota'] !== false || info['CPUSet'] === true) && !rootlessV1,
        pidsLimit: info['PidsLimit'] !== false && !rootlessV1,
        runtimes: Object.keys((info['Runtimes'] as Record<string, unknown> | undefined) ?? {}),
        defaultRuntime: typeof info['DefaultRuntime'] === 'string' ? info['DefaultRuntime'] : undefined,
        dataRoot: typeof info['DockerRootDir'] === 'string' ? info['DockerRootDir'] : undefined,
      };
    });
    support.catch(() => cache.delete(docker));
    cache.set(docker, support);
  }
  return support;
}
