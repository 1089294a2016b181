import { type BackendOpenContext, type BackendPlugin, type ContainerAPI } from '@llmsb/core';
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
  return openEngineContainer(connection, context, PODMAN_FLAVOR);
}
