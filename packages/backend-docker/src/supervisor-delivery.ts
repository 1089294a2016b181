import { SUPERVISOR_PATH_IN_SANDBOX, supervisorBinaryPath } from '@llmsb/supervisor';
import type Docker from 'dockerode';

/** The supervisor binary to bind-mount, or why this sandbox runs without it. */
export type SupervisorDelivery = { readonly hostPath: string } | { readonly unavailable: string };

/**
 * Delivery of the supervisor into a container the backend creates: a read-only bind mount of the
 * host's binary for the image's architecture, at a fixed path. A bind mount needs nothing of the
 * image (no `sh`, no `tar`, any root, read-only or not) and costs nothing at start, but only an
 * engine on this host can see the host's files: a remote engine runs without the supervisor.
 */
export function supervisorDelivery(docker: Docker, endpoint: string, imageArch: string | undefined): SupervisorDelivery {
  if (typeof (docker.modem as { socketPath?: unknown }).socketPath !== 'string') {
    return { unavailable: `the engine at ${endpoint} is not reached through a Unix socket on this host, so it cannot mount the supervisor` };
  }
  const hostPath = supervisorBinaryPath(imageArch ?? 'amd64');
  if (!hostPath) return { unavailable: `no supervisor binary for the image's architecture ${imageArch ?? '(unknown)'}` };
  return { hostPath };
}

/** Create options that make the supervisor the container's main process, spoken to over attach. */
export function supervisorCreateOptions(hostPath: string): { config: Partial<Docker.ContainerCreateOptions>; hostConfig: Docker.HostConfig } {
  return {
    config: {
      Entrypoint: [SUPERVISOR_PATH_IN_SANDBOX],
      Cmd: [],
      // The protocol runs over the main process's stdin and stdout, attached once per session.
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    },
    hostConfig: {
      // The supervisor is PID 1 and reaps orphans itself.
      Init: false,
      // Nothing a sandbox prints may reach the engine's log files.
      LogConfig: { Type: 'none', Config: {} },
      // The dead-owner switch: when the supervisor exits, the engine removes the container.
      AutoRemove: true,
      Mounts: [{ Type: 'bind', Source: hostPath, Target: SUPERVISOR_PATH_IN_SANDBOX, ReadOnly: true }],
    },
  };
}
