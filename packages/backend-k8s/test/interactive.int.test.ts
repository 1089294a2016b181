// Interactive sessions in pods: the same kernel bridge, as the supervisor's resident, in both
// identity modes.
import { describe, expect, it } from 'vitest';
import { createInteractiveSession, PluginRegistry } from '@llmsb/core';
import { k8sBackend, type K8sBackendOptions } from '@llmsb/backend-k8s';
import { python } from '@llmsb/lang-python';
import { requireCluster, RESTRICTED_NAMESPACE } from './cluster.js';

const modes: { identity: string; backend: K8sBackendOptions }[] = [
  { identity: 'separate', backend: {} },
  { identity: 'restricted', backend: { identity: 'restricted', namespace: RESTRICTED_NAMESPACE } },
];

describe.each(modes)('an interactive Python session in a pod ($identity identity)', ({ backend }) => {
  it('keeps state across cells, returns rich results and ends the processes a cell started', async () => {
    const registry = new PluginRegistry().use(k8sBackend({ kubeConfig: requireCluster(), ...backend }), python());
    await using kernel = await createInteractiveSession({ lang: 'python', backend: 'kubernetes' }, registry);
    await kernel.run('x = 1\nimport subprocess\nchild = subprocess.Popen(["sleep", "300"])');
    const next = await kernel.run('print(x + 1, child.poll())\nx + 40');
    expect(next).toMatchObject({ exitCode: 0, stdout: '2 -9\n', results: [{ 'text/plain': '41' }] });
    const failed = await kernel.run('undefined_name');
    expect(failed).toMatchObject({ exitCode: 1, error: { name: 'NameError' } });
  });
});
