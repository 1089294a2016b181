import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** One place Podman's socket may be, tried in order (like testcontainers' socket strategies). */
export interface SocketStrategy {
  readonly name: string;
  /** The socket path, or why this strategy does not apply. */
  locate(): { socketPath: string } | { skipped: string };
}

export interface DiscoveryInput {
  readonly socketPath?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

export const ROOTFUL_SOCKET = '/run/podman/podman.sock';

/**
 * The strategies in order: the explicit option (alone when given), `CONTAINER_HOST` (Podman's own variable),
 * `DOCKER_HOST` (only when it turns out to be Podman: checked by the caller), the rootful
 * socket, the rootless one under `$XDG_RUNTIME_DIR`.
 */
export function socketStrategies(input: DiscoveryInput = {}): SocketStrategy[] {
  const env = input.env ?? process.env;
  const explicit = input.socketPath;
  // An explicit socket is the user's choice: no falling back to another engine.
  if (explicit) return [{ name: 'socketPath option', locate: () => existing(explicit) }];
  return [
    {
      name: 'socketPath option',
      locate: () => (input.socketPath ? { socketPath: input.socketPath } : { skipped: 'not given' }),
    },
    { name: 'CONTAINER_HOST', locate: () => fromUrl(env['CONTAINER_HOST'], 'CONTAINER_HOST') },
    { name: 'DOCKER_HOST', locate: () => fromUrl(env['DOCKER_HOST'], 'DOCKER_HOST') },
    { name: 'rootful socket', locate: () => existing(ROOTFUL_SOCKET) },
    {
      name: 'rootless socket',
      locate: () => {
        const runtimeDir = env['XDG_RUNTIME_DIR'] ?? (process.getuid ? `/run/user/${process.getuid()}` : undefined);
        return runtimeDir ? existing(join(runtimeDir, 'podman', 'podman.sock')) : { skipped: 'XDG_RUNTIME_DIR is not set' };
      },
    },
  ];
}

// --- Internal helpers ---

function fromUrl(value: string | undefined, variable: string): { socketPath: string } | { skipped: string } {
  if (!value) return { skipped: `${variable} is not set` };
  if (!value.startsWith('unix://')) return { skipped: `${variable}=${value} is not a unix:// socket (ssh and tcp are not supported)` };
  return existing(value.slice('unix://'.length));
}

function existing(socketPath: string): { socketPath: string } | { skipped: string } {
  return existsSync(socketPath) ? { socketPath } : { skipped: `${socketPath} does not exist` };
}
