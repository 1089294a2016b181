// Python through createSession on the Kubernetes backend, against the real test cluster and the
// test fixture (pods are Docker containers behind a small API server of our own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, PluginRegistry, SandboxTimeoutError, type SessionOptions } from '@llmsb/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { k8sBackend, type K8sBackendOptions } from '@llmsb/backend-k8s';
import { python } from '@llmsb/lang-python';
import { requireCluster, RESTRICTED_NAMESPACE } from './cluster.js';
import { startFixture, type Fixture } from './fixture/api-server.js';
import { requirePythonImage } from './helpers.js';
import { untilWarm } from '@llmsb/backend-docker/testing';

let fixture: Fixture;
beforeAll(async () => {
  await requirePythonImage();
  fixture = await startFixture();
});
afterAll(() => fixture?.close());

// On the real cluster: through the supervisor in both identity modes (the restricted one in a
// namespace enforcing PodSecurity "restricted") and through one exec per call; the fixture has no
// attach, so it serves the plain path only.
const targets: { target: string; kubeConfig: () => KubeConfig; backend?: K8sBackendOptions; session?: SessionOptions }[] = [
  { target: 'real cluster, supervisor, separate identity', kubeConfig: () => requireCluster() },
  {
    target: 'real cluster, supervisor, restricted identity',
    kubeConfig: () => requireCluster(),
    backend: { identity: 'restricted', namespace: RESTRICTED_NAMESPACE },
  },
  {
    target: 'real cluster, engine exec',
    kubeConfig: () => requireCluster(),
    backend: { namespace: RESTRICTED_NAMESPACE },
    session: { supervisor: false },
  },
  { target: 'test fixture, engine exec', kubeConfig: () => fixture.kubeConfig(), session: { supervisor: false } },
];

describe.each(targets)('Python on Kubernetes ($target)', ({ kubeConfig, backend, session: sessionOptions }) => {
  const open = (options: SessionOptions = {}) =>
    createSession(
      { lang: 'python', backend: 'k8s', ...sessionOptions, ...options },
      new PluginRegistry().use(k8sBackend({ kubeConfig: kubeConfig(), ...backend }), python()),
    );

  it('runs hello world as __main__ in the workdir, as the unprivileged sandbox user', async () => {
    await using session = await open();
    const result = await session.run('import os\nprint("hello", __name__, os.getcwd(), os.getuid())');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'hello __main__ /sandbox 1000\n', stderr: '', success: true });
  });

  it('returns exit codes and tracebacks as data', async () => {
    await using session = await open();
    expect(await session.run('import sys\nsys.exit(3)')).toMatchObject({ exitCode: 3, success: false });
    const traceback = await session.run('x = 1\nraise ValueError("boom")');
    expect(traceback.exitCode).toBe(1);
    expect(traceback.stderr).toMatch(/line 2, in <module>\n.*\nValueError: boom/s);
  });

  it('kills a run at its timeout, keeps the partial output, and stays usable', async () => {
    await using session = await open();
    const started = Date.now();
    const error = await session.run('import time\nprint("started", flush=True)\ntime.sleep(60)', { timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxTimeoutError);
    expect((error as SandboxTimeoutError).stdout).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(20_000);
    // No process of the run is left: none has the run's file on its command line.
    const left = await session.executeCommand(
      'for f in /proc/[0-9]*/cmdline; do tr "\\000" " " < $f 2>/dev/null; echo; done | grep -c "llmsb_[0-9a-f]*[.]py" || true',
    );
    expect(left.stdout.trim()).toBe('0');
    expect((await session.run('print(6 * 7)')).stdout).toBe('42\n');
  });

  it('copies files both ways through tar over exec', async () => {
    await using session = await open();
    await session.run('open("out.txt", "w").write("from the pod")');
    const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'llmsb-k8s-'));
    await session.copyFromRuntime('out.txt', join(dir, 'out.txt'));
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('from the pod');
    await writeFile(join(dir, 'in.txt'), 'to the pod');
    await session.copyToRuntime(join(dir, 'in.txt'), '/sandbox/in.txt');
    expect((await session.run('print(open("in.txt").read())')).stdout).toBe('to the pod\n');
  });
});

// Warm Python in a pod: the separate identity runs the fork server as root, which forks runs
// as the sandbox user; the restricted identity has no root to start it, so runs stay cold.
describe('warm Python on the real cluster', { timeout: 120_000 }, () => {
  const open = (backend: K8sBackendOptions = {}) =>
    createSession(
      { lang: 'python', backend: 'k8s', warmStart: true },
      new PluginRegistry().use(k8sBackend({ kubeConfig: requireCluster(), ...backend }), python()),
    );

  it('forks runs from the fork server, as the sandbox user, and kills them at their timeout', async () => {
    await using session = await untilWarm(await open());
    const result = await session.run('import os, numpy\nprint(os.getuid(), numpy.arange(4).sum())');
    expect(result).toMatchObject({ exitCode: 0, stdout: '1000 6\n' });
    await expect(session.run('import time\ntime.sleep(60)', { timeoutMs: 1500 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    await untilWarm(session); // the timeout took the run, not the server
  });

  it('runs cold, with the same results, under the restricted identity', async () => {
    await using session = await open({ identity: 'restricted', namespace: RESTRICTED_NAMESPACE });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // time for a server that could start
    const result = await session.run('import os, sys, numpy\nprint(os.getuid(), numpy.arange(4).sum(), int(sys.flags.safe_path))');
    expect(result).toMatchObject({ exitCode: 0, stdout: '1000 6 0\n' });
  });
});
