// Pod lifecycle of the Kubernetes backend against the test fixture (a small API server of our
// own whose pods are Docker containers): manifest, open failures, close, attach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { ContainerError, ImageNotFoundError, ValidationError } from '@llmsb/core';
import { openK8sPod } from '@llmsb/backend-k8s';
import { startFixture, type Fixture } from './fixture/api-server.js';
import { openContext, requirePythonImage } from './helpers.js';

let fixture: Fixture;
let core: CoreV1Api;
beforeAll(async () => {
  await requirePythonImage();
  fixture = await startFixture();
  core = fixture.kubeConfig().makeApiClient(CoreV1Api);
});
afterAll(() => fixture?.close());

const podExists = (name: string, namespace = 'default') =>
  core.readNamespacedPod({ name, namespace }).then(
    () => true,
    () => false,
  );

describe('Kubernetes pod lifecycle (test fixture)', () => {
  it('creates a labelled, limited, unprivileged pod and deletes it at close, idempotently', async () => {
    const api = await openK8sPod(openContext({ client: fixture.kubeConfig(), runtimeConfig: { memoryMB: 256, cpuCount: 0.5 } }));
    const pod = await core.readNamespacedPod({ name: api.id, namespace: 'default' });
    expect(pod.metadata?.labels).toMatchObject({ 'llmsb.managed': 'true', 'llmsb.test': 'k8s-fixture' });
    // The disk bound's default (diskMB 1024) as ephemeral storage.
    expect(pod.spec?.containers[0]?.resources?.limits).toEqual({ memory: '256Mi', cpu: '500m', 'ephemeral-storage': '1024Mi' });
    expect(pod.spec?.containers[0]?.securityContext?.runAsUser).toBe(1000);
    expect(fixture.networkPolicies.has(`default/${api.id}`)).toBe(true);
    await Promise.all([api.close(), api.close()]);
    await api.close();
    expect(await podExists(api.id)).toBe(false);
    expect(fixture.networkPolicies.has(`default/${api.id}`)).toBe(false);
  });

  it('merges a user pod manifest and uses its namespace', async () => {
    const api = await openK8sPod(openContext({ client: fixture.kubeConfig() }), {
      podManifest: {
        metadata: { namespace: 'team-a', labels: { team: 'a' } },
        spec: { containers: [{ name: 'sandbox', env: [{ name: 'FROM_MANIFEST', value: 'yes' }] }] },
      },
    });
    try {
      const pod = await core.readNamespacedPod({ name: api.id, namespace: 'team-a' });
      expect(pod.metadata?.labels).toMatchObject({ team: 'a', 'llmsb.managed': 'true' });
      const out: Buffer[] = [];
      await api.exec({ argv: ['/bin/sh', '-c', 'echo $FROM_MANIFEST'], onStdout: (c) => out.push(Buffer.from(c)) });
      expect(Buffer.concat(out).toString()).toBe('yes\n');
    } finally {
      await api.close();
    }
  });

  it('refuses a pod manifest whose namespace conflicts with the backend namespace', async () => {
    await expect(
      openK8sPod(openContext({ client: fixture.kubeConfig() }), { namespace: 'one', podManifest: { metadata: { namespace: 'two' } } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await core.listNamespacedPod({ namespace: 'one' }).then((l) => l.items.length)).toBe(0);
  });

  it('fails to open with ImageNotFoundError, carrying the pod events, when the image is missing, and removes the pod', async () => {
    const error = await openK8sPod(openContext({ client: fixture.kubeConfig(), image: 'llmsb/no-such-image:never' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toMatch(/ErrImageNeverPull/);
    expect((error as Error).message).toMatch(/Events of pod default\/llmsb-/);
    expect((await core.listNamespacedPod({ namespace: 'default', labelSelector: 'llmsb.test=k8s-fixture' })).items).toEqual([]);
  });

  it('gives up at the start deadline with a ContainerError instead of waiting forever', async () => {
    // The fixture starts containers in the background, like a kubelet: 1 ms is never enough.
    const error = await openK8sPod(openContext({ client: fixture.kubeConfig() }), { startTimeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect((error as Error).message).toMatch(/did not start within 1 ms/);
  });

  it('attaches to an existing pod by name and leaves it running at close', async () => {
    const owner = await openK8sPod(openContext({ client: fixture.kubeConfig() }));
    try {
      const attached = await openK8sPod(openContext({ client: fixture.kubeConfig(), containerId: owner.id }));
      const out: Buffer[] = [];
      expect((await attached.exec({ argv: ['id', '-u'], onStdout: (c) => out.push(Buffer.from(c)) })).exitCode).toBe(0);
      expect(Buffer.concat(out).toString()).toBe('1000\n');
      await attached.close();
      expect(await podExists(owner.id)).toBe(true);
      await expect(openK8sPod(openContext({ client: fixture.kubeConfig(), containerId: 'llmsb-missing' }))).rejects.toBeInstanceOf(ContainerError);
    } finally {
      await owner.close();
    }
  });

  it('refuses to exec as another user, which Kubernetes exec cannot switch to', async () => {
    const api = await openK8sPod(openContext({ client: fixture.kubeConfig() }));
    try {
      await expect(api.exec({ argv: ['id'], user: 'root' })).rejects.toBeInstanceOf(ValidationError);
      expect((await api.exec({ argv: ['true'], user: 'sandbox' })).exitCode).toBe(0);
    } finally {
      await api.close();
    }
  });
});
