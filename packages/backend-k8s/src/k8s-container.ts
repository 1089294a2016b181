import {
  ContainerError,
  describeCause,
  getArchiveOverExec,
  putArchiveOverExec,
  streamArchiveOverExec,
  type ArchiveLimits,
  type ArchiveStream,
  type StdinSource,
  ValidationError,
  type CloseOutcome,
  type ContainerAPI,
  type ExecRequest,
  type ExecResult,
  type Lease,
  type LeaseAware,
  type Logger,
  type SupervisorEndpoint,
} from '@llmsb/core';
import { apiStatus, type KubeClient } from './kube-client.js';
import { applyLeaseDeadline } from './lease-deadline.js';
import { deleteIsolation } from './network-policy.js';
import { attachSupervisor } from './pod-attach.js';
import { podExec, type PodExecTarget } from './pod-exec.js';

export interface K8sContainerSettings {
  readonly kube: KubeClient;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly workdir: string;
  /** Names (and uid) the pod's processes run as; exec cannot switch user. */
  readonly users: readonly string[];
  /** Created by this session (deleted at close) rather than attached to. */
  readonly owned: boolean;
  /** The pod has a NetworkPolicy of its own (same name), deleted with it. */
  readonly networkPolicy?: boolean;
  /** The container's main process is the llmsb supervisor; calls default to `defaultUser`. */
  readonly supervisor?: { readonly defaultUser: string; readonly logger: Logger } | undefined;
  /** The identity libraries install as (an llmsb image's installer), when the supervisor can switch to it. */
  readonly installUser?: string | undefined;
}

/**
 * `ContainerAPI` over a pod: exec over the WebSocket, files as tar over exec; with the supervisor,
 * core serves calls over its attach stream instead (`openSupervisorStream`).
 */
export class K8sContainer implements ContainerAPI, LeaseAware {
  readonly id: string;
  readonly openSupervisorStream?: () => Promise<SupervisorEndpoint>;
  readonly installUser: string | undefined;
  private closing: Promise<CloseOutcome> | undefined;
  private readonly target: PodExecTarget;

  constructor(private readonly settings: K8sContainerSettings) {
    this.id = settings.pod;
    this.installUser = settings.installUser;
    this.target = {
      kube: settings.kube,
      namespace: settings.namespace,
      pod: settings.pod,
      container: settings.container,
      workdir: settings.workdir,
      describeFailure: (cause) => this.describeFailure(cause),
      isRunning: () => this.isRunning(),
    };
    const { supervisor } = settings;
    if (supervisor) {
      this.openSupervisorStream = async () => ({
        stream: await attachSupervisor(settings.kube, settings.namespace, settings.pod, settings.container, supervisor.logger).catch(
          async (error: unknown) => {
            throw await this.describeFailure(error);
          },
        ),
        defaultUser: supervisor.defaultUser,
        workdir: settings.workdir,
        owned: settings.owned,
        explainLoss: (lost) => this.explainLoss(lost),
      });
    }
  }

  async exec(request: ExecRequest): Promise<ExecResult> {
    if (this.closing) throw new ContainerError(`Pod ${this.settings.pod} was closed.`);
    if (request.user !== undefined && !this.settings.users.includes(request.user)) {
      throw new ValidationError(
        `Kubernetes exec runs every process as the pod's user (${this.settings.users.join(' / ') || "the image's"}); it cannot run as "${request.user}". Set runtimeConfig.user or the pod's securityContext instead.`,
      );
    }
    return podExec(this.target, request);
  }

  /** Unpacks through `tar` in the pod, so read-only roots work. */
  putArchive(directory: string, tar: StdinSource): Promise<void> {
    return putArchiveOverExec((request) => this.exec(request), directory, tar);
  }

  getArchive(path: string): Promise<Uint8Array> {
    return getArchiveOverExec((request) => this.exec(request), path);
  }

  getArchiveStream(path: string, limits: ArchiveLimits): ArchiveStream {
    return streamArchiveOverExec((request) => this.exec(request), path, limits);
  }

  /** Pool hook: a pooled pod's `sessionTimeoutMs` counts from when it is handed out, not from pod start. */
  async beginLease(lease: Lease): Promise<void> {
    if (lease.sessionTimeoutMs === undefined || !this.settings.owned) return;
    await applyLeaseDeadline(this.settings, lease.sessionTimeoutMs);
  }

  close(): Promise<CloseOutcome> {
    this.closing ??= this.release();
    return this.closing;
  }

  // --- Internal helpers ---

  private async release(): Promise<CloseOutcome> {
    const { kube, namespace, pod, owned, networkPolicy } = this.settings;
    if (!owned) return {};
    try {
      await kube.core.deleteNamespacedPod({ name: pod, namespace, gracePeriodSeconds: 0 });
    } catch (error) {
      if (apiStatus(error) !== 404) {
        throw new ContainerError(`Deleting pod ${namespace}/${pod} failed: ${describeCause(error)}`, { cause: error });
      }
    }
    if (networkPolicy) await deleteIsolation(kube, namespace, pod);
    return {};
  }

  private async phase(): Promise<string> {
    const { kube, namespace, pod } = this.settings;
    return kube.core.readNamespacedPod({ name: pod, namespace }).then(
      (info) => (info.metadata?.deletionTimestamp ? 'terminating' : (info.status?.phase ?? 'unknown')),
      (error: unknown) => (apiStatus(error) === 404 ? 'deleted' : 'unknown'),
    );
  }

  /**
   * Why the pod ended. The kubelet does not always say (an evicted pod whose container exits 0 on
   * TERM shows `Succeeded` here), so without a reason the usual causes are named.
   */
  private async endReason(): Promise<string> {
    const { kube, namespace, pod } = this.settings;
    const status = await kube.core.readNamespacedPod({ name: pod, namespace }).then(
      (info) => info.status,
      () => undefined,
    );
    if (status?.reason) return ` (${status.reason}${status.message ? `: ${status.message.trim()}` : ''})`;
    return ' (it passed its activeDeadlineSeconds (the session timeout), was evicted for writing past its ephemeral-storage limit (diskMB) or memory, its supervisor ended it (no heartbeat within ownerGraceMs, or a SIGTERM), or it was stopped from outside)';
  }

  /**
   * Why the supervisor's stream was lost: a pod that ended (evicted, past its deadline, deleted)
   * says so. The stream usually ends before the kubelet reports the pod's end, so a pod still
   * shown running is asked again for a few seconds; one that stays running keeps the loss as is.
   */
  private async explainLoss(lost: ContainerError): Promise<ContainerError> {
    for (let attempt = 0; attempt < 10; attempt++) {
      if ((await this.phase()) !== 'Running') return this.describePod(lost);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return lost;
  }

  private async isRunning(): Promise<boolean> {
    return (await this.phase()) === 'Running';
  }

  private async describeFailure(cause: unknown): Promise<ContainerError> {
    if (cause instanceof ContainerError) return cause;
    return this.describePod(cause);
  }

  /** The pod's state as the reason `cause` happened. */
  private async describePod(cause: unknown): Promise<ContainerError> {
    const { namespace, pod, kube } = this.settings;
    const phase = await this.phase();
    if (phase === 'Running') {
      return new ContainerError(`An exec in pod ${namespace}/${pod} failed: ${describeCause(cause)}`, { cause });
    }
    if (phase === 'unknown') {
      return new ContainerError(`The Kubernetes API server at ${kube.server} did not answer for pod ${namespace}/${pod}: ${describeCause(cause)}`, {
        cause,
      });
    }
    // A pod that ended on its own (not deleted) says why, or the usual causes are named.
    const reason = phase === 'Succeeded' || phase === 'Failed' ? await this.endReason() : '';
    return new ContainerError(`Pod ${namespace}/${pod} is ${phase}${reason}; the session cannot continue. Open a new session.`, { cause });
  }
}
