import type Docker from 'dockerode';
import { ResourceError, type BackendOpenContext, type BackendPlugin, type ContainerAPI } from '@llmsb/core';
import { openEngineContainer } from '@llmsb/backend-docker/internal';
import { connectPodman } from './connect-podman.js';
import { PODMAN_FLAVOR } from './podman-flavor.js';

export interface PodmanBackendOptions {
  /** Name under which the backend registers. Default: `'podman'`. */
  readonly name?: string;
  /** Podman's socket. Default: discovered (CONTAINER_HOST, DOCKER_HOST if Podman, rootful, rootless). */
  readonly socketPath?: string;
  /** A dockerode instance pointed at Podman's socket, used as is. Default: none (discovered). */
  readonly client?: unknown;
}

/**
 * The Podman backend: the Docker backend's engine code over Podman's Docker-compatible REST
 * service. A side-effect-free factory: nothing connects until a session opens.
 *
 * @example
 * const registry = new PluginRegistry().use(podmanBackend(), python());
 */
export function podmanBackend(options: PodmanBackendOptions = {}): BackendPlugin {
  return {
    kind: 'backend',
    name: options.name ?? 'podman',
    open: (context) => openPodmanContainer(context, options),
  };
}

/** Opens a container on Podman for a session: attaches to `containerId`, or creates and starts one. */
export async function openPodmanContainer(context: BackendOpenContext, options: PodmanBackendOptions = {}): Promise<ContainerAPI> {
  const client = context.client ?? options.client;
  const connection = await connectPodman({
    socketPath: options.socketPath,
    logger: context.logger,
    ...(client !== undefined ? { client } : {}),
  });
  if (!context.containerId) await assertLimitsEnforceable(connection.docker, context);
  return openEngineContainer(connection, context, PODMAN_FLAVOR);
}

// --- Internal helpers ---

/**
 * Rootless Podman on cgroups v1 cannot apply memory, CPU or pids limits, yet reports them as
 * supported: fail closed here rather than run without them.
 */
async function assertLimitsEnforceable(docker: Docker, context: BackendOpenContext): Promise<void> {
  const info = (await docker.info()) as { CgroupVersion?: string; SecurityOptions?: string[] };
  const rootless = info.SecurityOptions?.some((option) => option.includes('rootless')) ?? false;
  if (!rootless || info.CgroupVersion !== '1') return;
  const config = context.runtimeConfig;
  const asked = [config.memoryMB && 'memoryMB', config.cpuCount && 'cpuCount', config.pidsLimit && 'pidsLimit'].filter(Boolean);
  if (asked.length > 0) {
    throw new ResourceError(
      `Rootless Podman on cgroups v1 cannot enforce ${asked.join(', ')}. Set them to null to run without, ` +
        'use rootful Podman (/run/podman/podman.sock), or a cgroups v2 host.',
    );
  }
}
