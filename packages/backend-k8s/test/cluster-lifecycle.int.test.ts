// Pod lifecycle on the real test cluster: what the kubelet enforces (limits, user, deadline), what
// the scheduler and the image puller report, cleanup, and that the documented Role is enough.
import { hostname } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, NetworkingV1Api, type KubeConfig } from '@kubernetes/client-node';
import {
  ContainerError,
  createSession,
  ImageNotFoundError,
  LABELS,
  ownerLabels,
  PluginRegistry,
  ResourceError,
  type ContainerAPI,
} from '@llmsb/core';
import { cleanupPods, k8sBackend, openK8sPod, SANDBOX_LABEL } from '@llmsb/backend-k8s';
import { python } from '@llmsb/lang-python';
import { CLUSTER_NAMESPACE, clusterAdmin, requireCluster } from './cluster.js';
import { openContext } from './helpers.js';

let kubeConfig: KubeConfig;
let core: CoreV1Api;
beforeAll(() => {
  kubeConfig = requireCluster();
  core = kubeConfig.makeApiClient(CoreV1Api);
});

const podGone = (name: string) =>
  core.readNamespacedPod({ name, namespace: CLUSTER_NAMESPACE }).then(
    () => false,
    (error: { code?: number }) => error.code === 404,
  );

async function shell(api: ContainerAPI, script: string): Promise<{ exitCode: number; stdout: string }> {
  const out: Buffer[] = [];
  const { exitCode } = await api.exec({ argv: ['/bin/sh', '-c', script], onStdout: (chunk) => out.push(Buffer.from(chunk)) });
  return { exitCode, stdout: Buffer.concat(out).toString() };
}

describe('Kubernetes pods on a real cluster', () => {
  it('runs code as uid 1000 under the memory and CPU limits the kubelet set, and deletes the pod at close', async () => {
    // A creation time is no valid label value: the API server would refuse the pod if it were one.
    const createdAt = new Date().toISOString();
    const labels = { [LABELS.managed]: 'true', [LABELS.createdAt]: createdAt };
    const api = await openK8sPod(
      openContext({ client: kubeConfig, labels, sessionTimeoutMs: 90_500, runtimeConfig: { memoryMB: 256, cpuCount: 0.5 } }),
    );
    try {
      const pod = await core.readNamespacedPod({ name: api.id, namespace: CLUSTER_NAMESPACE });
      // The session's lifetime goes to the pod, so it dies on its own if this process does.
      expect(pod.spec?.activeDeadlineSeconds).toBe(91);
      expect(pod.metadata?.labels).toEqual({ [LABELS.managed]: 'true', [SANDBOX_LABEL]: api.id });
      expect(pod.metadata?.annotations).toMatchObject(labels);
      expect(pod.spec?.nodeName).toBe('llmsb-test-node');
      expect((await shell(api, 'id -u')).stdout).toBe('1000\n');
      // cgroup v1 on these machines; v2 names the same limits memory.max and cpu.max.
      const limits = await shell(
        api,
        'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max',
      );
      expect(limits.stdout.split(/\s+/).slice(0, 2)).toEqual([String(256 * 1024 * 1024), '50000']);
      expect((await shell(api, 'grep CapEff /proc/self/status')).stdout).toMatch(/CapEff:\s+0+\n/);
    } finally {
      await api.close();
    }
    expect(await podGone(api.id)).toBe(true);
  });

  it('gives a pod of the default network a deny-all NetworkPolicy of its own, deleted with it; network bridge gets none', async () => {
    const networking = clusterAdmin().makeApiClient(NetworkingV1Api);
    const policyOf = (name: string) =>
      networking.readNamespacedNetworkPolicy({ name, namespace: CLUSTER_NAMESPACE }).catch((error: { code?: number }) => error.code);
    const api = await openK8sPod(openContext({ client: kubeConfig }));
    try {
      const policy = await policyOf(api.id);
      expect(policy).toMatchObject({ spec: { podSelector: { matchLabels: { [SANDBOX_LABEL]: api.id } }, policyTypes: ['Ingress', 'Egress'] } });
      expect(policy).not.toHaveProperty('spec.ingress');
      expect(policy).not.toHaveProperty('spec.egress');
      const pod = await core.readNamespacedPod({ name: api.id, namespace: CLUSTER_NAMESPACE });
      expect(pod.metadata?.labels?.[SANDBOX_LABEL]).toBe(api.id);
    } finally {
      await api.close();
    }
    expect(await policyOf(api.id)).toBe(404);
    const online = await openK8sPod(openContext({ client: kubeConfig, runtimeConfig: { network: 'bridge' } }));
    await online.close();
    expect(await policyOf(online.id)).toBe(404);
  });

  it('installs from the package index in a pod of network bridge, and refuses installs it cannot keep offline', async () => {
    const registry = new PluginRegistry().use(k8sBackend({ kubeConfig }), python());
    const offline = await createSession({ backend: 'kubernetes', lang: 'python' }, registry);
    try {
      await expect(offline.install(['tabulate'])).rejects.toBeInstanceOf(ResourceError);
    } finally {
      await offline.close();
    }
    const online = await createSession({ backend: 'kubernetes', lang: 'python', runtimeConfig: { network: 'bridge' } }, registry);
    try {
      await online.install(['tabulate']);
      expect((await online.run('import tabulate; print(tabulate.tabulate([[1, 2]]))')).stdout).toBe('-  -\n1  2\n-  -\n');
    } finally {
      await online.close();
    }
  });

  it("reports a pod that no node can fit as a ResourceError with the scheduler's reason, and removes it", async () => {
    const error = await openK8sPod(openContext({ client: kubeConfig, runtimeConfig: { memoryMB: 64 * 1024 * 1024 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceError);
    expect((error as Error).message).toMatch(/cannot be scheduled: .*Insufficient memory/);
    const left = await core.listNamespacedPod({ namespace: CLUSTER_NAMESPACE, labelSelector: `${LABELS.managed}=true` });
    expect(
      left.items.filter((pod) => !pod.metadata?.deletionTimestamp && pod.spec?.containers[0]?.resources?.limits?.memory === `${64 * 1024 * 1024}Mi`),
    ).toEqual([]);
  });

  it('reports an image the node does not have or cannot pull as ImageNotFoundError carrying the pod events', async () => {
    const error = await openK8sPod(openContext({ client: kubeConfig, image: 'llmsb/no-such-image:never' }), {
      podManifest: { spec: { containers: [{ name: 'sandbox', imagePullPolicy: 'Never' }] } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toMatch(/ErrImageNeverPull/);
    expect((error as Error).message).toMatch(new RegExp(`Events of pod ${CLUSTER_NAMESPACE}/llmsb-`));
    // With the default pull policy the kubelet tries a registry first, and fails to pull.
    const pulled = await openK8sPod(openContext({ client: kubeConfig, image: 'llmsb/no-such-image:never' })).catch((e: unknown) => e);
    expect(pulled).toBeInstanceOf(ImageNotFoundError);
    expect((pulled as Error).message).toMatch(/ErrImagePull|ImagePullBackOff/);
  });

  it('lets the kubelet end a pod at its lifetime (activeDeadlineSeconds), after which exec is a ContainerError', async () => {
    // Long enough that the pod surely runs before it: the deadline counts from when the kubelet took the pod.
    const api = await openK8sPod(openContext({ client: kubeConfig }), { podLifetimeMs: 10_000 });
    try {
      const deadline = Date.now() + 60_000;
      let phase: string | undefined;
      while (Date.now() < deadline) {
        phase = (await core.readNamespacedPod({ name: api.id, namespace: CLUSTER_NAMESPACE })).status?.phase;
        if (phase === 'Failed') break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(phase).toBe('Failed');
      await expect(api.exec({ argv: ['true'] })).rejects.toBeInstanceOf(ContainerError);
    } finally {
      await api.close();
    }
  });

  it('attaches to a running pod by name and leaves it running at close', async () => {
    const owner = await openK8sPod(openContext({ client: kubeConfig }));
    try {
      const attached = await openK8sPod(openContext({ client: kubeConfig, containerId: owner.id }));
      expect((await shell(attached, 'echo attached')).stdout).toBe('attached\n');
      await attached.close();
      expect(await podGone(owner.id)).toBe(false);
    } finally {
      await owner.close();
    }
  });

  it("cleanup deletes pods whose owner process is dead and keeps live sessions' pods", async () => {
    const live = await openK8sPod(openContext({ client: kubeConfig, labels: { [LABELS.managed]: 'true', ...ownerLabels() } }));
    const orphan = await openK8sPod(
      openContext({ client: kubeConfig, labels: { [LABELS.managed]: 'true', [LABELS.ownerHost]: hostname(), [LABELS.ownerPid]: '999999999' } }),
    );
    try {
      const report = await cleanupPods(kubeConfig);
      expect(report.removed).toContain(orphan.id);
      expect(report.kept).toContain(live.id);
      expect(await podGone(orphan.id)).toBe(true);
      expect(await podGone(live.id)).toBe(false);
    } finally {
      await Promise.all([live.close(), orphan.close()]);
    }
  });

  it('needs nothing beyond the documented Role: the test user may not touch other namespaces or resources', async () => {
    await expect(core.listNamespacedPod({ namespace: 'default' })).rejects.toMatchObject({ code: 403 });
    await expect(
      core.createNamespacedConfigMap({ namespace: CLUSTER_NAMESPACE, body: { metadata: { name: 'llmsb-forbidden' } } }),
    ).rejects.toMatchObject({ code: 403 });
  });
});
