// The real single-node cluster that scripts/k8s/cluster.sh starts (kube-apiserver, scheduler and
// kubelet built from the Go module proxy; Debian's etcd, containerd, runc and CNI plugins). The
// tests reach it as a user bound only to the backend's documented minimal Role (rbac/role.yaml).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** Namespace whose Role the test user holds; the test kubeconfig's context names it. */
export const CLUSTER_NAMESPACE = 'llmsb-test';

/** A namespace enforcing the PodSecurity `restricted` profile (CLUSTER_NAMESPACE enforces `baseline`), with the same Role. */
export const RESTRICTED_NAMESPACE = 'llmsb-test-restricted';

const DEFAULT_KUBECONFIG = '/var/lib/llmsb-k8s/llmsb-tests.kubeconfig';

/** The test user's kube config; no cluster fails the tests (never skips). */
export function requireCluster(): KubeConfig {
  return load(process.env.LLMSB_K8S_KUBECONFIG ?? DEFAULT_KUBECONFIG);
}

/** The cluster admin's kube config (next to the test user's), for checks beyond the Role. */
export function clusterAdmin(): KubeConfig {
  return load(join(dirname(process.env.LLMSB_K8S_KUBECONFIG ?? DEFAULT_KUBECONFIG), 'admin.kubeconfig'));
}

function load(file: string): KubeConfig {
  if (!existsSync(file)) {
    throw new Error(`No kubeconfig of the test cluster at ${file}: start it with \`bash scripts/k8s/cluster.sh up\` (scripts/test.sh does).`);
  }
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
}
