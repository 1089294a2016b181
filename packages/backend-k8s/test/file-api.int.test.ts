import { beforeAll } from 'vitest';
import { createSession, PluginRegistry, type SessionOptions } from '@llmsb/core';
import { describeFileApi } from '@llmsb/core/testing';
import { k8sBackend, type K8sBackendOptions } from '@llmsb/backend-k8s';
import { python } from '@llmsb/lang-python';
import { requireCluster, RESTRICTED_NAMESPACE } from './cluster.js';
import { requirePythonImage } from './helpers.js';

beforeAll(requirePythonImage);

const open =
  (backend: K8sBackendOptions, options: SessionOptions = {}) =>
  () =>
    createSession(
      { lang: 'python', backend: 'k8s', maxArchiveBytes: 1024 * 1024, maxArchiveEntries: 50, ...options },
      new PluginRegistry().use(k8sBackend({ kubeConfig: requireCluster(), ...backend }), python()),
    );

describeFileApi('Kubernetes (real cluster, supervisor, separate identity)', open({}), { timeoutMs: 60_000 });
describeFileApi('Kubernetes (real cluster, supervisor, restricted identity)', open({ identity: 'restricted', namespace: RESTRICTED_NAMESPACE }), {
  timeoutMs: 60_000,
});
describeFileApi('Kubernetes (real cluster, engine exec)', open({ namespace: RESTRICTED_NAMESPACE }, { supervisor: false }), { timeoutMs: 60_000 });
