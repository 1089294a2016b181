import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { ContainerError, describeCause, type RuntimeConfig } from '@llmsb/core';
import { apiStatus, type KubeClient } from './kube-client.js';
import { splitMetadata } from './pod-manifest.js';

/** Pod label naming the sandbox, which its NetworkPolicy selects. */
export const SANDBOX_LABEL = 'llmsb.sandbox';

/**
 * With `network: 'none'` or `'install'` a sandbox pod gets a NetworkPolicy of its own that denies
 * all ingress and egress, created before the pod so it is never reachable. Kubernetes cannot
 * switch a pod's network per exec, so `'install'` is as offline as `'none'` here. Enforcement is
 * the cluster's network plugin's job (Calico and Cilium enforce; plain bridge or flannel do not).
 */
export function needsIsolation(config: RuntimeConfig): boolean {
  return config.network !== 'bridge';
}

/** Named like the pod, with the session's metadata, so cleanup finds it with the pod. */
export function isolationPolicy(pod: string, namespace: string, metadata: Readonly<Record<string, string>>): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: pod, namespace, ...splitMetadata(metadata) },
    spec: { podSelector: { matchLabels: { [SANDBOX_LABEL]: pod } }, policyTypes: ['Ingress', 'Egress'] },
  };
}

export async function createIsolation(kube: KubeClient, policy: V1NetworkPolicy): Promise<void> {
  const namespace = policy.metadata?.namespace ?? 'default';
  try {
    await kube.networking.createNamespacedNetworkPolicy({ namespace, body: policy });
  } catch (error) {
    const denied = apiStatus(error) === 403 ? ' The Role needs networkpolicies create and delete (see rbac/role.yaml).' : '';
    throw new ContainerError(
      `Creating the NetworkPolicy that keeps sandbox ${namespace}/${policy.metadata?.name} offline failed: ${describeCause(error)}.${denied} With runtimeConfig.network 'bridge' no policy is made.`,
      { cause: error },
    );
  }
}

/** Deletes a sandbox's NetworkPolicy; one that is already gone is fine. */
export async function deleteIsolation(kube: KubeClient, namespace: string, name: string): Promise<void> {
  try {
    await kube.networking.deleteNamespacedNetworkPolicy({ name, namespace });
  } catch (error) {
    if (apiStatus(error) !== 404)
      throw new ContainerError(`Deleting NetworkPolicy ${namespace}/${name} failed: ${describeCause(error)}`, { cause: error });
  }
}
