// The conformance suite against the real test cluster, and against the test fixture: a small API
// server of our own whose pods are Docker containers, which checks the backend's client code and
// both exec protocol versions in seconds.
import { afterAll, beforeAll } from 'vitest';
import { describeBackend, openSupervised } from '@llmsb/core/testing';
import { openK8sPod } from '@llmsb/backend-k8s';
import { requireCluster, RESTRICTED_NAMESPACE } from './cluster.js';
import { startFixture, type Fixture } from './fixture/api-server.js';
import { V4 } from './fixture/exec-socket.js';
import { openContext, requirePythonImage } from './helpers.js';

let v5: Fixture;
let v4: Fixture;
beforeAll(async () => {
  await requirePythonImage();
  [v5, v4] = await Promise.all([startFixture(), startFixture({ protocols: [V4] })]);
});
afterAll(async () => {
  await Promise.all([v5?.close(), v4?.close()]);
});

const options = { timeoutMs: 60_000 };
// The real cluster: through the supervisor in both identity modes, and through one exec per call.
// The restricted identity and the plain path run in a namespace enforcing PodSecurity "restricted".
const restricted = { namespace: RESTRICTED_NAMESPACE };
describeBackend(
  'kubernetes (real cluster, supervisor, separate identity)',
  () => openSupervised(() => openK8sPod(openContext({ client: requireCluster(), supervisor: true }))),
  options,
);
describeBackend(
  'kubernetes (real cluster, supervisor, separate identity) with a read-only root',
  () => openSupervised(() => openK8sPod(openContext({ client: requireCluster(), supervisor: true, runtimeConfig: { readOnly: true } }))),
  options,
);
describeBackend(
  'kubernetes (real cluster, supervisor, restricted identity)',
  () => openSupervised(() => openK8sPod(openContext({ client: requireCluster(), supervisor: true }), { ...restricted, identity: 'restricted' })),
  options,
);
describeBackend('kubernetes (real cluster, engine exec)', () => openK8sPod(openContext({ client: requireCluster() }), restricted), options);
describeBackend(
  'kubernetes (real cluster, engine exec) with a read-only root',
  () => openK8sPod(openContext({ client: requireCluster(), runtimeConfig: { readOnly: true } }), restricted),
  options,
);
describeBackend('kubernetes (test fixture, exec v5)', () => openK8sPod(openContext({ client: v5.kubeConfig() })), options);
describeBackend('kubernetes (test fixture, exec v4)', () => openK8sPod(openContext({ client: v4.kubeConfig() })), options);
describeBackend(
  'kubernetes (test fixture) with a read-only root',
  () => openK8sPod(openContext({ client: v5.kubeConfig(), runtimeConfig: { readOnly: true } })),
  options,
);
