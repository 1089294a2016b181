import { beforeAll } from 'vitest';
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeFileApi } from '@llmsb/core/testing';
import { k8sBackend } from '@llmsb/backend-k8s';
import { python } from '@llmsb/lang-python';
import { requireCluster } from './cluster.js';
import { requirePythonImage } from './helpers.js';

beforeAll(requirePythonImage);

describeFileApi(
  'Kubernetes (real cluster)',
  () =>
    createSession(
      { lang: 'python', backend: 'k8s', maxArchiveBytes: 1024 * 1024, maxArchiveEntries: 50 },
      new PluginRegistry().use(k8sBackend({ kubeConfig: requireCluster() }), python()),
    ),
  { timeoutMs: 60_000 },
);
