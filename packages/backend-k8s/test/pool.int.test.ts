// Pools on the real test cluster: the shared pool suite, and the pod deadline applied at acquire.
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { createPool, POOL_LABEL, PluginRegistry, type PoolOptions } from '@llmsb/core';
import { describePool } from '@llmsb/core/testing';
import { k8sBackend, openK8sPod, type K8sContainer } from '@llmsb/backend-k8s';
import { openContext } from './helpers.js';
import { python } from '@llmsb/lang-python';
import { CLUSTER_NAMESPACE, requireCluster } from './cluster.js';

let kubeConfig: KubeConfig;
let core: CoreV1Api;
beforeAll(() => {
  kubeConfig = requireCluster();
  core = kubeConfig.makeApiClient(CoreV1Api);
});

// Each pod reserves its CPU limit (requests = limits) and the test node has 2 CPUs: small pods, so a
// pool of 4 plus an overflow pod fit.
const pool = (options: PoolOptions) =>
  createPool(
    { backend: 'kubernetes', lang: 'python', runtimeConfig: { cpuCount: 0.25, memoryMB: 256 }, ...options },
    new PluginRegistry().use(k8sBackend({ kubeConfig }), python()),
  );

describePool('Kubernetes (real cluster)', {
  createPool: pool,
  listSandboxes: async (poolId) => {
    const pods = await core.listNamespacedPod({ namespace: CLUSTER_NAMESPACE, labelSelector: `${POOL_LABEL}=${poolId}` });
    return pods.items.map((pod) => ({ id: pod.metadata?.name ?? '', labels: { ...pod.metadata?.annotations, ...pod.metadata?.labels } }));
  },
  killSandbox: async (name) => {
    await core.deleteNamespacedPod({ name, namespace: CLUSTER_NAMESPACE, gracePeriodSeconds: 0 });
  },
  timeoutMs: 120_000,
});

describe('pooled pods on a real cluster', { timeout: 120_000 }, () => {
  it("start with no deadline and get activeDeadlineSeconds at acquire: time already running + the session's lifetime", async () => {
    await using warm = await pool({ min: 1, max: 1 });
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the idle pod ages
    const [idle] = (await core.listNamespacedPod({ namespace: CLUSTER_NAMESPACE, labelSelector: `${POOL_LABEL}=${warm.id}` })).items;
    expect(idle?.spec?.activeDeadlineSeconds).toBeUndefined();
    await using session = await warm.acquire({ sessionTimeoutMs: 60_000 });
    const leased = await core.readNamespacedPod({ name: session.containerId ?? '', namespace: CLUSTER_NAMESPACE });
    const runningSeconds = (Date.now() - new Date(leased.status?.startTime ?? 0).getTime()) / 1000;
    expect(runningSeconds).toBeGreaterThan(3);
    expect(leased.spec?.activeDeadlineSeconds).toBeGreaterThanOrEqual(60 + Math.floor(runningSeconds) - 1);
    expect(leased.spec?.activeDeadlineSeconds).toBeLessThanOrEqual(60 + Math.ceil(runningSeconds) + 1);
    expect((await session.run('print("leased")')).stdout).toBe('leased\n');
  });

  it('are failed by the kubelet once the deadline set at acquire passes, without the library deleting them', async () => {
    const pod = (await openK8sPod(openContext({ client: kubeConfig }))) as K8sContainer;
    try {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await pod.beginLease({ sessionTimeoutMs: 3_000 });
      let status = '';
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
        const current = await core.readNamespacedPod({ name: pod.id, namespace: CLUSTER_NAMESPACE });
        status = `${current.status?.phase}/${current.status?.reason ?? ''}`;
        if (status !== 'Running/') break;
      }
      expect(status).toBe('Failed/DeadlineExceeded');
    } finally {
      await pod.close();
    }
  });
});
