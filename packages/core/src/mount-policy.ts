import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix } from 'node:path';
import { SecurityError } from './errors.js';

/** What a bind mount is checked against, beyond the built-in rules. */
export interface MountPolicyContext {
  /** The engine socket the library itself talks to (its path on the host). */
  readonly engineSocket?: string | undefined;
  /** The engine's data root, e.g. Docker's `DockerRootDir`. */
  readonly dataRoots?: readonly (string | undefined)[];
  /**
   * Resolve symlinks on this machine (the engine's host). Off for Kubernetes `hostPath`, whose
   * host is a node: there the path is only normalised.
   */
  readonly resolveOnThisHost: boolean;
}

/** Sockets that hand whoever can reach them the host: refused when mounted, or when a mount contains them. */
function engineSockets(context: MountPolicyContext): string[] {
  const runtimeDir = process.env['XDG_RUNTIME_DIR'];
  const uid = process.getuid?.();
  return [
    '/var/run/docker.sock',
    '/run/docker.sock',
    '/run/podman/podman.sock',
    '/var/run/podman/podman.sock',
    '/run/containerd/containerd.sock',
    '/var/run/containerd/containerd.sock',
    '/run/crio/crio.sock',
    '/var/run/crio/crio.sock',
    ...(runtimeDir ? [`${runtimeDir}/podman/podman.sock`, `${runtimeDir}/docker.sock`] : []),
    ...(uid !== undefined ? [`/run/user/${uid}/podman/podman.sock`, `/run/user/${uid}/docker.sock`] : []),
    ...(context.engineSocket ? [context.engineSocket] : []),
  ];
}

/** Folders refused when mounted, when a mount contains them, or when a mount sits under them. */
function protectedTrees(context: MountPolicyContext): string[] {
  return [
    '/proc',
    '/sys',
    '/dev',
    '/var/lib/docker',
    '/var/lib/containers',
    '/var/lib/containerd',
    '/var/lib/kubelet',
    '/etc/kubernetes',
    posix.join(homedir(), '.local/share/containers'),
    posix.join(homedir(), '.local/share/docker'),
    ...(context.dataRoots ?? []).filter((root): root is string => Boolean(root)),
  ];
}

/**
 * Refuses a bind-mount (or `hostPath`) source that would hand the sandbox the host: `/` itself, a
 * container-engine socket (the one the library uses included) or a folder containing one, and
 * `/proc`, `/sys`, `/dev` or an engine's data root — being one, containing one, or sitting under
 * one. The source is normalised (`//`, `.`, `..`, trailing `/`) and, on the engine's host, its
 * symlinks resolved first, so `/var/run/./docker.sock` or a link to `/var/run` cannot slip by.
 * Throws `SecurityError` naming the rule.
 */
export function checkMountSource(source: string, context: MountPolicyContext): void {
  if (!source.startsWith('/')) throw new SecurityError(`Mount source "${source}" is not an absolute host path.`);
  const normalised = posix.resolve(source);
  const candidates = context.resolveOnThisHost ? [normalised, resolveExisting(normalised)] : [normalised];
  for (const path of candidates) {
    if (path === '/') throw new SecurityError(`Mounting "${source}" would mount the host's root file system. Mount a folder of your own instead.`);
    for (const socket of engineSockets(context).map((p) => posix.resolve(p))) {
      if (path === socket || isUnder(socket, path)) {
        throw new SecurityError(
          `Mounting "${source}" would hand the sandbox the container engine's socket (${socket}), and with it the host. Remove that mount.`,
        );
      }
    }
    for (const tree of protectedTrees(context).map((p) => posix.resolve(p))) {
      if (path === tree || isUnder(path, tree) || isUnder(tree, path)) {
        throw new SecurityError(
          `Mounting "${source}" would expose ${tree} (the host's kernel interfaces, devices or an engine's data) to the sandbox. Remove that mount.`,
        );
      }
    }
  }
}

// --- Internal helpers ---

function isUnder(path: string, folder: string): boolean {
  return folder === '/' ? path !== '/' : path.startsWith(`${folder}/`);
}

/** The path with symlinks resolved, as far as it exists (a missing tail is kept as written). */
function resolveExisting(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (existing !== '/') {
    try {
      return posix.join(realpathSync.native(existing), ...rest);
    } catch {
      rest.unshift(posix.basename(existing));
      existing = posix.dirname(existing);
    }
  }
  return path;
}
