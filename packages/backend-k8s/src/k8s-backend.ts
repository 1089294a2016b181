import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import {
  checkMountSource,
  ContainerError,
  describeCause,
  INSTALLER_USER,
  recipeImageTag,
  SANDBOX_USER,
  shArgv,
  ValidationError,
  type BackendOpenContext,
  type BackendPlugin,
  type ContainerAPI,
} from '@llmsb/core';
import { supervisorImageTag } from '@llmsb/supervisor';
import { K8sContainer } from './k8s-container.js';
import { apiStatus, connectKube, type KubeClient } from './kube-client.js';
import { createIsolation, isolationPolicy, needsIsolation, SANDBOX_LABEL } from './network-policy.js';
import { defaultPodManifest, mergePodManifest, SANDBOX_CONTAINER } from './pod-manifest.js';
import type { PodIdentity, PodSupervisor } from './pod-supervisor.js';
import { waitForRunning } from './wait-for-pod.js';

/** uid of the `sandbox` user in the library's images. */
const SANDBOX_UID = 1000;

export interface K8sBackendOptions {
  /** Cluster access. Default: the session's `client`, else `$KUBECONFIG`, `~/.kube/config` or the in-cluster service account. */
  readonly kubeConfig?: KubeConfig;
  /** Namespace of the pods. Default: the pod manifest's, else the kube config context's, else `'default'`. */
  readonly namespace?: string;
  /** Merged into the default pod manifest (the user's values win; `llmsb.*` labels stay). Default: none. */
  readonly podManifest?: V1Pod;
  /** How long opening waits for the pod to run. Default: 120 000 ms. */
  readonly startTimeoutMs?: number;
  /** Lifetime of created pods (`activeDeadlineSeconds`), so an abandoned pod dies on its own. Default: the session's `sessionTimeoutMs`, else none. */
  readonly podLifetimeMs?: number;
  /** Name under which the backend registers. Default: `'kubernetes'` (alias `'k8s'`). */
  readonly name?: string;
  /**
   * Who the supervisor runs as (sessions with `supervisor: true`, the default): `'separate'` (root
   * with SETUID, SETGID, KILL, CHOWN, DAC_OVERRIDE and FOWNER; code as its own uid; the namespace
   * must allow the PodSecurity `baseline` profile) or `'restricted'` (everything as the code's
   * uid, no capabilities; passes `restricted`, but the code can signal and trace the supervisor).
   * Default: `'separate'`.
   */
  readonly identity?: PodIdentity;
  /**
   * The supervisor's image, from which an init container copies the binary into the pod (about a
   * second more per pod start). Used for sandbox images not built by llmsb (llmsb images carry the
   * supervisor), and for every image when set. Make it with `llmsb images supervisor` and
   * push it where the cluster pulls from. Default: `supervisorImageTag()`
   * (`llmsb/supervisor:<version>-<hash>`) for images not built by llmsb.
   */
  readonly supervisorImage?: string;
}

/**
 * The Kubernetes backend. A side-effect-free factory: nothing connects until a session opens.
 *
 * @example
 * const registry = new PluginRegistry().use(k8sBackend({ namespace: 'sandboxes' }), python());
 */
export function k8sBackend(options: K8sBackendOptions = {}): BackendPlugin {
  return {
    kind: 'backend',
    name: options.name ?? 'kubernetes',
    aliases: options.name ? [] : ['k8s'],
    open: (context) => openK8sPod(context, options),
  };
}

/** Opens a pod for a session: attaches to `containerId` (a pod name), or creates one and waits for it to run. */
export async function openK8sPod(context: BackendOpenContext, options: K8sBackendOptions = {}): Promise<ContainerAPI> {
  const kube = connectKube(options.kubeConfig ?? context.client);
  const namespace = options.namespace ?? options.podManifest?.metadata?.namespace ?? kube.namespace;
  if (context.containerId) return attach(kube, namespace, context.containerId, context);

  const defaultImage = recipeImageTag(context.language.imageRecipe);
  const image = context.image ?? defaultImage;
  const supervisor = context.supervisor ? podSupervisor(options, image === defaultImage) : undefined;
  // A supervisor needs a uid to run calls as: unset, that is the sandbox user's, even for other images.
  const uid = podUid(context.runtimeConfig.user, image === defaultImage) ?? (supervisor ? SANDBOX_UID : undefined);
  const separate = supervisor?.identity === 'separate';
  const lifetimeMs = options.podLifetimeMs ?? context.sessionTimeoutMs;
  const manifest = mergePodManifest(
    defaultPodManifest({
      image,
      namespace,
      workdir: context.workdir,
      labels: context.labels,
      runtimeConfig: context.runtimeConfig,
      uid,
      // One identity in a pod: it joins the installer's group so installs can write the targets.
      // A separate supervisor installs as the installer instead, as on Docker.
      installerGroup: image === defaultImage && uid === SANDBOX_UID && !separate,
      activeDeadlineSeconds: lifetimeMs ? Math.ceil(lifetimeMs / 1000) : undefined,
      supervisor,
    }),
    options.podManifest,
  );
  // A hostPath volume is a bind mount on the node: the same sources are refused (normalised only;
  // the node's symlinks cannot be seen from here).
  for (const volume of manifest.spec?.volumes ?? []) {
    if (volume.hostPath) checkMountSource(volume.hostPath.path, { resolveOnThisHost: false });
  }
  const name = manifest.metadata?.name ?? '';
  manifest.metadata = { ...manifest.metadata, labels: { ...manifest.metadata?.labels, [SANDBOX_LABEL]: name } };
  const isolated = needsIsolation(context.runtimeConfig);
  if (isolated) await createIsolation(kube, isolationPolicy(name, namespace, context.labels));
  const api = new K8sContainer({
    kube,
    namespace,
    pod: name,
    container: SANDBOX_CONTAINER,
    workdir: context.workdir,
    users: uid === undefined ? [] : [String(uid), ...(uid === SANDBOX_UID ? [SANDBOX_USER] : []), ...(uid === 0 ? ['root'] : [])],
    owned: true,
    networkPolicy: isolated,
    supervisor: supervisor && { defaultUser: String(uid), logger: context.logger },
    installUser: separate && image === defaultImage ? INSTALLER_USER : undefined,
  });
  try {
    try {
      await kube.core.createNamespacedPod({ namespace, body: manifest });
    } catch (error) {
      throw creationFailure(error, namespace, kube.server, supervisor);
    }
    await waitForRunning({ kube, name, namespace, image, deadlineMs: options.startTimeoutMs ?? 120_000, signal: context.signal });
    return api;
  } catch (error) {
    await api.close().catch(() => undefined);
    throw error;
  }
}

// --- Internal helpers ---

/** Attached pods run as they were made: exec cannot switch user, so `user` in requests is refused. */
async function attach(kube: KubeClient, namespace: string, name: string, context: BackendOpenContext): Promise<ContainerAPI> {
  let pod: V1Pod;
  try {
    pod = await kube.core.readNamespacedPod({ name, namespace });
  } catch (error) {
    if (apiStatus(error) === 404)
      throw new ContainerError(`Pod ${namespace}/${name} not found. Check it with \`kubectl get pods -n ${namespace}\`.`, { cause: error });
    throw new ContainerError(`Reading pod ${namespace}/${name} failed: ${describeCause(error)}`, { cause: error });
  }
  if (pod.status?.phase !== 'Running')
    throw new ContainerError(`Pod ${namespace}/${name} is ${pod.status?.phase ?? 'in an unknown phase'}, not Running.`);
  const uid = pod.spec?.containers[0]?.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
  const api = new K8sContainer({
    kube,
    namespace,
    pod: name,
    container: pod.spec?.containers[0]?.name ?? SANDBOX_CONTAINER,
    workdir: context.workdir,
    users: uid === undefined ? [] : [String(uid)],
    owned: false,
  });
  const { exitCode } = await api.exec({ argv: shArgv('mkdir -p -- "$1"', context.workdir), workdir: '/' });
  if (exitCode !== 0) throw new ContainerError(`Creating the workdir ${context.workdir} in pod ${namespace}/${name} failed (exit ${exitCode}).`);
  return api;
}

/** Why a pod could not be created; a PodSecurity refusal names the identity mode that fits. */
function creationFailure(error: unknown, namespace: string, server: string, supervisor: PodSupervisor | undefined): ContainerError {
  const refusal = statusMessage(error);
  if (apiStatus(error) === 403 && refusal?.includes('PodSecurity')) {
    const hint =
      supervisor?.identity === 'separate'
        ? " The supervisor's 'separate' identity (root with SETUID, SETGID, KILL, CHOWN, DAC_OVERRIDE, FOWNER) needs the 'baseline' profile: use k8sBackend({ identity: 'restricted' }) in this namespace, or allow 'baseline' there."
        : '';
    return new ContainerError(`Namespace ${namespace} refused the pod: ${refusal}.${hint}`, { cause: error });
  }
  return new ContainerError(`Creating a pod in namespace ${namespace} on ${server} failed: ${describeCause(error)}`, { cause: error });
}

/** The message of the API server's `Status` in a client-node `ApiException`'s body, if any. */
function statusMessage(error: unknown): string | undefined {
  try {
    const status = JSON.parse(String((error as { body?: unknown } | undefined)?.body)) as { message?: unknown };
    return typeof status.message === 'string' ? status.message : undefined;
  } catch {
    return undefined;
  }
}

/** The supervisor's identity mode and, unless the sandbox image carries the binary, its image. */
function podSupervisor(options: K8sBackendOptions, imageCarriesIt: boolean): PodSupervisor {
  const identity = options.identity ?? 'separate';
  if (identity !== 'separate' && identity !== 'restricted') {
    throw new ValidationError(`The Kubernetes backend's identity must be 'separate' or 'restricted'; got ${JSON.stringify(identity)}.`);
  }
  if (imageCarriesIt && !options.supervisorImage) return { identity };
  const image = options.supervisorImage ?? supervisorImageTag();
  if (!image)
    throw new ValidationError(
      "The @llmsb/supervisor package has no linux/amd64 binary: set the backend's supervisorImage, or open sessions with supervisor: false.",
    );
  return { image, identity };
}

/** Pods need a numeric uid; the library's images run code as `sandbox` (1000). */
function podUid(user: string | undefined, libraryImage: boolean): number | undefined {
  if (user === undefined) return libraryImage ? SANDBOX_UID : undefined;
  if (user === SANDBOX_USER) return SANDBOX_UID;
  if (user === 'root') return 0;
  if (/^\d+$/.test(user)) return Number(user);
  throw new ValidationError(`Kubernetes needs a numeric user (runAsUser); got "${user}". Use a uid, "root" or "${SANDBOX_USER}".`);
}
