import { randomBytes } from 'node:crypto';
import type { V1Container, V1Pod, V1SecurityContext } from '@kubernetes/client-node';
import { INSTALLER_UID, ResourceError, resolveDiskBound, ValidationError, type RuntimeConfig } from '@llmsb/core';
import { supervisorPodParts, type PodSupervisor } from './pod-supervisor.js';

/** Name of the container that runs code (the first one, unless the user's manifest names another). */
export const SANDBOX_CONTAINER = 'sandbox';

export interface ManifestInput {
  readonly image: string;
  readonly namespace: string;
  readonly workdir: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly runtimeConfig: RuntimeConfig;
  /** Numeric uid code runs as; undefined keeps the image's user. */
  readonly uid: number | undefined;
  /**
   * Add the installer's group (llmsb images): a pod cannot switch identity per call, so code and
   * installs share one uid, and the group lets it write the install targets (SECURITY.md).
   */
  readonly installerGroup?: boolean;
  readonly activeDeadlineSeconds?: number | undefined;
  /** Run the llmsb supervisor as the container's main process (see pod-supervisor.ts). */
  readonly supervisor?: PodSupervisor | undefined;
}

/**
 * The pod a session creates: one container, never restarted, without a service account token,
 * with the workdir (and /tmp on a read-only root) on emptyDir volumes so writes work whatever the
 * image's layout. Its main process is the llmsb supervisor (calls go over one attach stream) or,
 * without it, a long sleep that code reaches through one exec per call.
 */
export function defaultPodManifest(input: ManifestInput): V1Pod {
  const { runtimeConfig: config, uid } = input;
  const disk = podDiskBound(config);
  const limits: Record<string, string> = {};
  // A memory-backed emptyDir is charged to the memory limit: a full one must end in ENOSPC, not an OOM kill.
  if (config.memoryMB !== null) limits.memory = `${config.memoryMB + (config.readOnly && disk ? disk : 0)}Mi`;
  if (config.cpuCount !== null) limits.cpu = `${Math.max(1, Math.round(config.cpuCount * 1000))}m`;
  // The kubelet evicts a pod whose writable layer, logs and disk emptyDirs pass this (no ENOSPC).
  if (disk && !config.readOnly) limits['ephemeral-storage'] = `${disk}Mi`;
  const scratch = (name: string, path: string) => ({
    volume: { name, emptyDir: { ...(config.readOnly ? { medium: 'Memory' } : {}), ...(disk ? { sizeLimit: `${disk}Mi` } : {}) } },
    mount: { name, mountPath: path },
  });
  const volumes = [scratch('llmsb-workdir', input.workdir), ...(config.readOnly ? [scratch('llmsb-tmp', '/tmp')] : [])];
  const codeIdentity: V1SecurityContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: config.readOnly,
    ...(uid !== undefined ? { runAsUser: uid, runAsGroup: uid, runAsNonRoot: uid !== 0 } : {}),
  };
  const supervisor = input.supervisor && supervisorPodParts(input.supervisor, codeIdentity);
  const container: V1Container = {
    name: SANDBOX_CONTAINER,
    image: input.image,
    imagePullPolicy: 'IfNotPresent',
    // Without the supervisor: a shell that exits on TERM, so deleting the pod takes no grace period.
    command: supervisor?.command ?? ['/bin/sh', '-c', 'trap "exit 0" TERM; while :; do sleep 3600 & wait $!; done'],
    ...supervisor?.stdio,
    workingDir: input.workdir,
    env: Object.entries(config.env).map(([name, value]) => ({ name, value })),
    resources: { limits },
    volumeMounts: [...volumes.map((v) => v.mount), ...(supervisor?.mounts ?? [])],
    securityContext: supervisor?.securityContext ?? codeIdentity,
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `llmsb-${randomBytes(6).toString('hex')}`,
      namespace: input.namespace,
      ...splitMetadata(input.labels),
    },
    spec: {
      ...(supervisor?.initContainers.length ? { initContainers: supervisor.initContainers } : {}),
      containers: [container],
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 5,
      volumes: [...volumes.map((v) => v.volume), ...(supervisor?.volumes ?? [])],
      securityContext: {
        seccompProfile: { type: 'RuntimeDefault' },
        ...(uid !== undefined && uid !== 0 ? { fsGroup: uid } : {}),
        ...(input.installerGroup ? { supplementalGroups: [INSTALLER_UID] } : {}),
      },
      ...(config.runtime ? { runtimeClassName: config.runtime } : {}),
      ...(input.activeDeadlineSeconds ? { activeDeadlineSeconds: input.activeDeadlineSeconds } : {}),
    },
  };
}

/**
 * Merges the user's manifest into ours: objects merge key by key (the user's values win),
 * containers merge by name (an unnamed first container merges into ours), other arrays are
 * the user's. Our `llmsb.*` labels and annotations stay, so cleanup still finds the pod; a namespace that
 * disagrees with the backend's is an error rather than a silent choice.
 */
export function mergePodManifest(ours: V1Pod, user: V1Pod | undefined): V1Pod {
  if (!user) return ours;
  const userNamespace = user.metadata?.namespace;
  if (userNamespace && userNamespace !== ours.metadata?.namespace) {
    throw new ValidationError(
      `The pod manifest's namespace "${userNamespace}" differs from the backend's namespace "${ours.metadata?.namespace}". Set one of them, or make them agree.`,
    );
  }
  const merged = deepMerge(ours, user) as V1Pod;
  const ourContainers = ours.spec?.containers ?? [];
  const userContainers = user.spec?.containers ?? [];
  const containers = ourContainers.map((c) => ({ ...c }));
  userContainers.forEach((container, index) => {
    const at = containers.findIndex((c) => c.name === (container.name ?? (index === 0 ? SANDBOX_CONTAINER : undefined)));
    if (at >= 0) containers[at] = deepMerge(containers[at], container) as V1Container;
    else containers.push(container);
  });
  const ownEntries = (entries: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(entries ?? {}).filter(([key]) => key.startsWith('llmsb.')));
  return {
    ...merged,
    metadata: {
      ...merged.metadata,
      labels: { ...merged.metadata?.labels, ...ownEntries(ours.metadata?.labels) },
      annotations: { ...merged.metadata?.annotations, ...ownEntries(ours.metadata?.annotations) },
    },
    spec: { ...merged.spec, containers },
  };
}

/**
 * The session's metadata as Kubernetes wants it: every entry as an annotation (values there are
 * free text, like a creation time with colons or a long host name), and the entries that are valid
 * label values also as labels, which selectors (cleanup) need.
 */
export function splitMetadata(entries: Readonly<Record<string, string>>): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels = Object.fromEntries(Object.entries(entries).filter(([, value]) => LABEL_VALUE.test(value)));
  return { labels, annotations: { ...entries } };
}

/** The session's metadata back from a pod: labels over annotations. */
export function podMetadata(pod: V1Pod): Record<string, string> {
  return { ...pod.metadata?.annotations, ...pod.metadata?.labels };
}

// --- Internal helpers ---

/** A Kubernetes label value: at most 63 characters, alphanumeric at both ends, `-_.` inside. */
const LABEL_VALUE = /^(?=.{0,63}$)([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = deepMerge(base[key], value);
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * MiB a pod may write, or undefined for no bound. File counts cannot be bounded per pod, so an
 * explicit `maxFiles` is an error.
 */
function podDiskBound(config: RuntimeConfig): number | undefined {
  const bound = resolveDiskBound(config);
  if (bound.maxFilesExplicit) {
    throw new ResourceError(
      'Kubernetes cannot bound the number of files a pod writes: set runtimeConfig.maxFiles to null (ephemeral-storage bounds the bytes).',
    );
  }
  return bound.sizeMB ?? undefined;
}
