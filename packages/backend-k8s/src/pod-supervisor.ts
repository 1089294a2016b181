import { posix } from 'node:path';
import type { V1Container, V1SecurityContext, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { SUPERVISOR_PATH_IN_IMAGE, SUPERVISOR_PATH_IN_SANDBOX } from '@llmsb/supervisor';

/**
 * Who the supervisor runs as in a pod:
 * - `separate`: root with only the capabilities it needs to run calls as other users and kill
 *   them (the same claims as on Docker); needs the PodSecurity `baseline` profile;
 * - `restricted`: the code's uid with no capabilities (passes `restricted`); the code can then
 *   signal and trace the supervisor (SECURITY.md, "Kubernetes identity modes").
 */
export type PodIdentity = 'separate' | 'restricted';

export interface PodSupervisor {
  readonly identity: PodIdentity;
  /**
   * Where the binary comes from: absent, the sandbox image carries it (llmsb images do, at the
   * path Docker mounts it to); else this image's (`supervisorImageTag()`), copied into the pod by
   * an init container, which costs the pod start about a second (the kubelet notices the init
   * container's end on its next status poll).
   */
  readonly image?: string | undefined;
}

/**
 * The capabilities of a `separate` supervisor, all in the `baseline` profile's allowed list:
 * switching to the code's user (SETUID, SETGID), killing its processes (KILL), and the root
 * steps' file work (CHOWN, DAC_OVERRIDE, FOWNER). Code runs as another uid and holds none.
 */
export const SEPARATE_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID', 'KILL'] as const;

const BINARY_VOLUME = 'llmsb-supervisor';
/** The installer copies the binary here; the sandbox container mounts the volume read-only at the supervisor's usual place. */
const INSTALL_DIR = '/llmsb-install';

/** The pod parts that make the supervisor the sandbox container's main process. */
export function supervisorPodParts(supervisor: PodSupervisor, codeIdentity: V1SecurityContext) {
  const securityContext: V1SecurityContext =
    supervisor.identity === 'separate'
      ? {
          ...codeIdentity,
          capabilities: { drop: ['ALL'], add: [...SEPARATE_CAPABILITIES] },
          runAsUser: 0,
          runAsGroup: 0,
          runAsNonRoot: false,
        }
      : codeIdentity;
  return {
    securityContext,
    command: [SUPERVISOR_PATH_IN_SANDBOX],
    // The protocol runs over the main process's stdin and stdout, reached with pods/attach.
    stdio: { stdin: true, stdinOnce: false, tty: false },
    ...(supervisor.image ? binaryInstaller(supervisor.image) : { volumes: [], initContainers: [], mounts: [] }),
  };
}

/** An init container that copies the binary from the supervisor's image into a volume the sandbox mounts. */
function binaryInstaller(image: string): { volumes: V1Volume[]; initContainers: V1Container[]; mounts: V1VolumeMount[] } {
  const binaryName = posix.basename(SUPERVISOR_PATH_IN_SANDBOX);
  return {
    // The binary only: a memory-backed volume of a few MiB, counted against the pod's memory.
    volumes: [{ name: BINARY_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }],
    initContainers: [
      {
        name: 'llmsb-supervisor-install',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: [SUPERVISOR_PATH_IN_IMAGE, '--install', `${INSTALL_DIR}/${binaryName}`],
        volumeMounts: [{ name: BINARY_VOLUME, mountPath: INSTALL_DIR }],
        resources: { limits: { cpu: '100m', memory: '32Mi' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsUser: 65534,
          runAsGroup: 65534,
          runAsNonRoot: true,
        },
      },
    ],
    // Read-only: the code, whatever its uid, cannot change the binary.
    mounts: [{ name: BINARY_VOLUME, mountPath: posix.dirname(SUPERVISOR_PATH_IN_SANDBOX), readOnly: true }],
  };
}
