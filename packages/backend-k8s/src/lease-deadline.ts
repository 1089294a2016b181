import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { ContainerError, describeCause } from '@llmsb/core';
import type { KubeClient } from './kube-client.js';

export interface LeasedPod {
  readonly kube: KubeClient;
  readonly namespace: string;
  readonly pod: string;
}

/**
 * Makes a pooled pod die `sessionTimeoutMs` after it was handed out. `activeDeadlineSeconds`
 * counts from the pod's start and, on a running pod, may only be set or lowered: pooled pods are
 * created without one and get "time already running + the session's lifetime" here. A lower
 * deadline the pod already has (the backend's `podLifetimeMs`) is kept. Host and API server
 * clocks are assumed to agree within a second.
 */
export async function applyLeaseDeadline({ kube, namespace, pod }: LeasedPod, sessionTimeoutMs: number): Promise<void> {
  try {
    const current = await kube.core.readNamespacedPod({ name: pod, namespace });
    const startedMs = current.status?.startTime ? new Date(current.status.startTime).getTime() : Date.now();
    const deadline = Math.ceil((Math.max(0, Date.now() - startedMs) + sessionTimeoutMs) / 1000);
    const existing = current.spec?.activeDeadlineSeconds;
    if (existing !== undefined && existing <= deadline) return;
    await kube.core.patchNamespacedPod(
      { name: pod, namespace, body: { spec: { activeDeadlineSeconds: deadline } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  } catch (error) {
    throw new ContainerError(
      `Setting the lifetime of pooled pod ${namespace}/${pod} failed: ${describeCause(error)}. The Role needs "patch" on pods (rbac/role.yaml).`,
      { cause: error },
    );
  }
}
