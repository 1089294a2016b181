// The disk bound on the real test cluster: the kubelet evicts a pod that writes past diskMB.
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { ContainerError, createSession, PluginRegistry } from '@llmsb/core';
import { k8sBackend } from '@llmsb/backend-k8s';
import { python } from '@llmsb/lang-python';
import { CLUSTER_NAMESPACE, requireCluster } from './cluster.js';

let kubeConfig: KubeConfig;
beforeAll(() => {
  kubeConfig = requireCluster();
});

describe('the disk bound of a pod', () => {
  it('limits ephemeral storage; writing past it gets the pod evicted and the session a ContainerError', { timeout: 180_000 }, async () => {
    const registry = new PluginRegistry().use(k8sBackend({ kubeConfig }), python());
    await using session = await createSession({ backend: 'kubernetes', lang: 'python', runtimeConfig: { diskMB: 32 } }, registry);
    const pod = await kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ name: session.containerId ?? '', namespace: CLUSTER_NAMESPACE });
    expect(pod.spec?.containers[0]?.resources?.limits).toMatchObject({ 'ephemeral-storage': '32Mi' });
    // The write itself succeeds: the kubelet measures usage every few seconds and then evicts.
    const fill = await session.run("with open('/sandbox/fill', 'wb') as f:\n    f.write(b'x' * (64 << 20))\nprint('written')");
    expect(fill.stdout).toBe('written\n');
    const deadline = Date.now() + 150_000;
    let failure: unknown;
    while (Date.now() < deadline && failure === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      failure = await session.run('print(1)').then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    expect(failure).toBeInstanceOf(ContainerError);
    expect(String(failure)).toMatch(/Evicted: .*(EmptyDir|ephemeral)|evicted for writing past its ephemeral-storage limit \(diskMB\)/);
  });
});
