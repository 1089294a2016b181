import type Docker from 'dockerode';
import { ResourceError, SecurityError, type RuntimeConfig } from '@llmsb/core';

/** What an engine can enforce, read once per client from `docker info`. */
interface EngineSupport {
  readonly memoryLimit: boolean;
  readonly cpuLimit: boolean;
  readonly pidsLimit: boolean;
  readonly runtimes: readonly string[];
}

const ENGINE_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/podman/podman.sock', '/var/run/podman/podman.sock'];
const cache = new WeakMap<Docker, Promise<EngineSupport>>();

/**
 * Fails closed: a limit or runtime that was asked for but that this engine cannot enforce is an
 * error, never a silent no-op. Mounting the engine's socket into a sandbox is refused outright.
 */
export async function assertEnforceable(docker: Docker, config: RuntimeConfig): Promise<void> {
  for (const mount of config.mounts) {
    if (mount.type === 'bind' && ENGINE_SOCKETS.includes(mount.source.replace(/\/+$/, ''))) {
      throw new SecurityError(`Mounting the engine socket (${mount.source}) would hand the sandbox the host. Remove that mount.`);
    }
  }
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
      };
    });
    support.catch(() => cache.delete(docker));
    cache.set(docker, support);
  }
  return support;
}
