import type { SandboxPlugin } from '@llmsb/core';
import { k8sBackend } from './k8s-backend.js';

export { k8sBackend, openK8sPod } from './k8s-backend.js';
export type { K8sBackendOptions } from './k8s-backend.js';
export { checkKubernetesAccess, REQUIRED_ACCESS } from './access-check.js';
export type { AccessReport } from './access-check.js';
export { cleanupPods } from './cleanup-pods.js';
export type { PodCleanupOptions } from './cleanup-pods.js';
export { K8sContainer } from './k8s-container.js';
export { connectKube } from './kube-client.js';
export { isolationPolicy, SANDBOX_LABEL } from './network-policy.js';
export type { KubeClient } from './kube-client.js';
export { defaultPodManifest, mergePodManifest, podMetadata, SANDBOX_CONTAINER } from './pod-manifest.js';
export type { ManifestInput } from './pod-manifest.js';
export { SEPARATE_CAPABILITIES } from './pod-supervisor.js';
export type { PodIdentity, PodSupervisor } from './pod-supervisor.js';

/** The plugins string config (`backend: 'kubernetes'` or `'k8s'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [k8sBackend()];
}
