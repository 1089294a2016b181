import Docker from 'dockerode';
import { ContainerError, describeCause, silentLogger, type Logger } from '@llmsb/core';
import type { DockerConnection } from '@llmsb/backend-docker';
import { socketStrategies, type DiscoveryInput } from './discover-socket.js';

export interface PodmanConnectOptions extends DiscoveryInput {
  /** A dockerode instance pointed at Podman's socket, used as is (the seed's `client`). */
  readonly client?: unknown;
  readonly logger?: Logger;
}

/** One client per socket and process: sessions share its HTTP agent. */
const clients = new Map<string, Docker>();

/**
 * Finds Podman's Docker-compatible service: the first strategy whose socket answers and is
 * Podman (a `DOCKER_HOST` that is Docker is skipped). Each skipped strategy is logged with its reason.
 */
export async function connectPodman(options: PodmanConnectOptions = {}): Promise<DockerConnection> {
  const logger = options.logger ?? silentLogger;
  if (options.client !== undefined) return { docker: options.client as Docker, endpoint: 'the given client' };
  const reasons: string[] = [];
  for (const strategy of socketStrategies(options)) {
    const located = strategy.locate();
    let reason: string;
    if ('skipped' in located) {
      reason = located.skipped;
    } else {
      const known = clients.get(located.socketPath);
      // Podman answers /version slowly (~0.5 s); a socket already found to be Podman is trusted.
      if (known) return { docker: known, endpoint: located.socketPath };
      const docker = new Docker({ socketPath: located.socketPath });
      const engine = await engineAt(docker);
      if (engine === 'podman') {
        clients.set(located.socketPath, docker);
        logger.debug(`podman: using ${located.socketPath} (${strategy.name})`);
        return { docker, endpoint: located.socketPath };
      }
      reason =
        engine === 'docker' ? `${located.socketPath} is a Docker engine, not Podman` : `${located.socketPath} does not answer: ${engine.error}`;
    }
    logger.debug(`podman: strategy "${strategy.name}" skipped: ${reason}`);
    reasons.push(`${strategy.name}: ${reason}`);
  }
  throw new ContainerError(
    `Cannot find Podman's service (${reasons.join('; ')}). Start it with ` +
      '`podman system service --time=0 unix:///run/podman/podman.sock &` (scripts/ensure-podman.sh does), ' +
      'or pass socketPath.',
  );
}

// --- Internal helpers ---

async function engineAt(docker: Docker): Promise<'podman' | 'docker' | { error: string }> {
  try {
    const version = (await docker.version()) as { Components?: { Name?: string }[] };
    return version.Components?.some((c) => /podman/i.test(c.Name ?? '')) ? 'podman' : 'docker';
  } catch (error) {
    return { error: describeCause(error) };
  }
}
