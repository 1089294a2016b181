import type { KubeConfig } from '@kubernetes/client-node';
import { describeCause, isAbandoned, LABELS, type CleanupOptions, type CleanupReport } from '@llmsb/core';
import { apiStatus, connectKube } from './kube-client.js';
import { deleteIsolation } from './network-policy.js';
import { podMetadata } from './pod-manifest.js';

export interface PodCleanupOptions extends CleanupOptions {
  /** Namespace to sweep. Default: the kube config context's, else `'default'`. */
  readonly namespace?: string;
}

/**
 * Deletes llmsb pods whose owner process is dead (or that are older than a TTL); never a live
 * session's. Owners on other hosts count as alive, so run it where the sessions ran, or with
 * `olderThanMs`.
 */
export async function cleanupPods(kubeConfig?: KubeConfig, options: PodCleanupOptions = {}): Promise<CleanupReport> {
  const kube = connectKube(kubeConfig);
  const namespace = options.namespace ?? kube.namespace;
  const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: `${LABELS.managed}=true` });
  const report: CleanupReport = { removed: [], kept: [], failed: [] };
  for (const pod of pods.items) {
    const name = pod.metadata?.name ?? '';
    const created = pod.metadata?.creationTimestamp?.getTime() ?? Date.now();
    if (!isAbandoned(podMetadata(pod), created, options.olderThanMs)) {
      report.kept.push(name);
      continue;
    }
    if (options.dryRun) {
      report.removed.push(name);
      continue;
    }
    try {
      await kube.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
    } catch (error) {
      if (apiStatus(error) !== 404) {
        report.failed.push({ id: name, reason: describeCause(error) });
        continue;
      }
    }
    // Its NetworkPolicy (same name), if it had one.
    const failure = await deleteIsolation(kube, namespace, name).then(
      () => undefined,
      (error: unknown) => describeCause(error),
    );
    if (failure) report.failed.push({ id: name, reason: failure });
    else report.removed.push(name);
  }
  return report;
}
