import { describe, expect, it } from 'vitest';
import { runtimeConfigSchema, ValidationError } from '@llmsb/core';
import { defaultPodManifest, mergePodManifest, podMetadata } from './pod-manifest.js';

const ours = (overrides: Partial<Parameters<typeof defaultPodManifest>[0]> = {}) =>
  defaultPodManifest({
    image: 'llmsb/python:abc',
    namespace: 'sandboxes',
    workdir: '/sandbox',
    labels: { 'llmsb.managed': 'true', 'llmsb.session': 's1' },
    runtimeConfig: runtimeConfigSchema.parse({ memoryMB: 512, cpuCount: 0.5 }),
    uid: 1000,
    ...overrides,
  });

describe('the default pod manifest', () => {
  it('carries the labels, limits, an unprivileged user and a unique name', () => {
    const pod = ours();
    expect(pod.metadata?.labels).toEqual({ 'llmsb.managed': 'true', 'llmsb.session': 's1' });
    expect(pod.metadata?.annotations).toEqual({ 'llmsb.managed': 'true', 'llmsb.session': 's1' });
    expect(pod.metadata?.name).toMatch(/^llmsb-[0-9a-f]{12}$/);
    expect(ours().metadata?.name).not.toBe(pod.metadata?.name);
    const container = pod.spec?.containers[0];
    expect(container?.resources?.limits).toEqual({ memory: '512Mi', cpu: '500m', 'ephemeral-storage': '1024Mi' });
    expect(container?.securityContext).toMatchObject({
      runAsUser: 1000,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false });
    expect(pod.spec?.activeDeadlineSeconds).toBeUndefined();
  });

  it('keeps values that are not valid label values (times, long host names) as annotations only', () => {
    const host = 'h'.repeat(64);
    const pod = ours({
      labels: { 'llmsb.managed': 'true', 'llmsb.created-at': '2026-11-27T13:45:09.421Z', 'llmsb.owner.host': host, 'llmsb.owner.start': '' },
    });
    expect(pod.metadata?.labels).toEqual({ 'llmsb.managed': 'true', 'llmsb.owner.start': '' });
    expect(podMetadata(pod)).toEqual({
      'llmsb.managed': 'true',
      'llmsb.created-at': '2026-11-27T13:45:09.421Z',
      'llmsb.owner.host': host,
      'llmsb.owner.start': '',
    });
  });

  it('sets activeDeadlineSeconds when a pod lifetime is known, and keeps the image user when no uid is', () => {
    const pod = ours({ activeDeadlineSeconds: 600, uid: undefined });
    expect(pod.spec?.activeDeadlineSeconds).toBe(600);
    expect(pod.spec?.containers[0]?.securityContext?.runAsUser).toBeUndefined();
  });
});

describe('the disk bound of a pod', () => {
  const withConfig = (config: Record<string, unknown>) =>
    ours({ runtimeConfig: runtimeConfigSchema.parse({ memoryMB: 512, cpuCount: 0.5, ...config }) });

  it('limits ephemeral storage and sizes the workdir emptyDir by diskMB', () => {
    const pod = withConfig({ diskMB: 64 });
    expect(pod.spec?.containers[0]?.resources?.limits).toMatchObject({ memory: '512Mi', 'ephemeral-storage': '64Mi' });
    expect(pod.spec?.volumes).toEqual([{ name: 'llmsb-workdir', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  it('on a read-only root sizes the memory emptyDirs and adds them to the memory limit instead', () => {
    const pod = withConfig({ diskMB: 64, readOnly: true });
    expect(pod.spec?.containers[0]?.resources?.limits).toEqual({ memory: '576Mi', cpu: '500m' });
    expect(pod.spec?.volumes).toEqual([
      { name: 'llmsb-workdir', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'llmsb-tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
  });

  it('has none with diskMB: null, and refuses a file-count bound it cannot enforce', () => {
    const pod = withConfig({ diskMB: null });
    expect(pod.spec?.containers[0]?.resources?.limits).toEqual({ memory: '512Mi', cpu: '500m' });
    expect(pod.spec?.volumes).toEqual([{ name: 'llmsb-workdir', emptyDir: {} }]);
    expect(() => withConfig({ maxFiles: 1000 })).toThrow(/cannot bound the number of files/);
  });
});

describe('merging a user pod manifest', () => {
  it('adds the user fields without dropping ours, and keeps the llmsb labels', () => {
    const pod = mergePodManifest(ours(), {
      metadata: { labels: { team: 'a', 'llmsb.managed': 'false' }, annotations: { note: 'x' } },
      spec: {
        nodeSelector: { pool: 'sandbox' },
        containers: [
          { name: 'sandbox', env: [{ name: 'A', value: '1' }] },
          { name: 'sidecar', image: 'busybox' },
        ],
      },
    });
    expect(pod.metadata?.labels).toEqual({ 'llmsb.managed': 'true', 'llmsb.session': 's1', team: 'a' });
    expect(pod.metadata?.annotations).toMatchObject({ note: 'x', 'llmsb.session': 's1' });
    expect(pod.spec?.nodeSelector).toEqual({ pool: 'sandbox' });
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['sandbox', 'sidecar']);
    expect(pod.spec?.containers[0]).toMatchObject({ image: 'llmsb/python:abc', env: [{ name: 'A', value: '1' }] });
    expect(pod.spec?.restartPolicy).toBe('Never');
  });

  it('refuses a namespace that disagrees with the backend namespace', () => {
    expect(() => mergePodManifest(ours(), { metadata: { namespace: 'other' } })).toThrow(ValidationError);
    expect(mergePodManifest(ours(), { metadata: { namespace: 'sandboxes' } }).metadata?.namespace).toBe('sandboxes');
  });
});
