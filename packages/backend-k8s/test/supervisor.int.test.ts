// The supervisor in pods of the real test cluster, in both identity modes: what it runs as, what
// user code can do to it, that nothing a call started outlives it, and the dead-owner switch.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, NetworkingV1Api, type KubeConfig } from '@kubernetes/client-node';
import { ContainerError, createSession, PluginRegistry, type Session, type SessionOptions } from '@llmsb/core';
import { DETACHING_PROGRAM, PROCESS_LISTING, SUPERVISOR_ACCESS_PROBE } from '@llmsb/backend-docker/testing';
import { cleanupPods, k8sBackend, type K8sBackendOptions } from '@llmsb/backend-k8s';
import { python } from '@llmsb/lang-python';
import { supervisorImageTag } from '@llmsb/supervisor';
import { CLUSTER_NAMESPACE, clusterAdmin, requireCluster, RESTRICTED_NAMESPACE } from './cluster.js';

let kubeConfig: KubeConfig;
beforeAll(() => {
  kubeConfig = requireCluster();
});

const modes = [
  {
    identity: 'separate',
    namespace: CLUSTER_NAMESPACE,
    // CHOWN, DAC_OVERRIDE, FOWNER, KILL, SETGID, SETUID: 0xeb, as on Docker.
    supervisorStatus: /^Uid:\t0\t0\t0\t0\nCapEff:\t00000000000000eb\n$/,
    // Signal, /proc reads and ptrace are all refused.
    access: ['kill 1', 'environ 13', 'fds 13', 'ptrace 1'],
  },
  {
    identity: 'restricted',
    namespace: RESTRICTED_NAMESPACE,
    supervisorStatus: /^Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n$/,
    // Same uid: the code may signal the supervisor (a SIGKILL to a namespace's PID 1 from inside is
    // dropped by the kernel); non-dumpable, its /proc entries and ptrace stay closed.
    access: ['kill ALLOWED', 'environ 13', 'fds 13', 'ptrace 1'],
  },
] as const;

describe.each(modes)('the supervisor in a pod ($identity identity)', ({ identity, namespace, supervisorStatus, access }) => {
  const backend: K8sBackendOptions = { identity, namespace };
  const open = (options: SessionOptions = {}): Promise<Session> =>
    createSession({ backend: 'kubernetes', lang: 'python', ...options }, new PluginRegistry().use(k8sBackend({ kubeConfig, ...backend }), python()));

  it('is the main process, carried by the llmsb image: no init container', async () => {
    await using session = await open();
    expect(session.execPath).toBe('supervisor');
    const pod = await kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ name: session.containerId ?? '', namespace });
    expect(pod.spec?.initContainers ?? []).toEqual([]);
    expect(pod.spec?.containers[0]?.command).toEqual(['/.llmsb/supervisor']);
    const write = await session.executeCommand(['sh', '-c', '(echo x > /.llmsb/supervisor) 2>/dev/null || echo refused']);
    expect(write.stdout).toBe('refused\n');
  });

  it('comes from its own image through an init container when asked (images not built by llmsb), mounted read-only', async () => {
    const registry = new PluginRegistry().use(k8sBackend({ kubeConfig, ...backend, supervisorImage: supervisorImageTag() ?? '' }), python());
    await using session = await createSession({ backend: 'kubernetes', lang: 'python' }, registry);
    const pod = await kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ name: session.containerId ?? '', namespace });
    expect(pod.spec?.initContainers?.map((c) => c.image)).toEqual([supervisorImageTag()]);
    expect(pod.spec?.containers[0]?.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/.llmsb', readOnly: true }));
    expect((await session.run('print("served")')).stdout).toBe('served\n');
    const write = await session.executeCommand([
      'sh',
      '-c',
      '(echo x > /.llmsb/supervisor) 2>/dev/null || echo refused; touch /.llmsb/planted 2>/dev/null || echo refused',
    ]);
    expect(write.stdout).toBe('refused\nrefused\n');
  });

  it('runs code as uid 1000 with no capabilities; the supervisor as this mode says', async () => {
    await using session = await open();
    const user = await session.executeCommand(['sh', '-c', 'id -u; grep CapEff /proc/self/status']);
    expect(user.stdout).toBe('1000\nCapEff:\t0000000000000000\n');
    const supervisor = await session.executeCommand(['sh', '-c', 'grep -E "^(Uid|CapEff)" /proc/1/status']);
    expect(supervisor.stdout).toMatch(supervisorStatus);
  });

  it('what user code can do to the supervisor; forged frames stay plain stdout', async () => {
    await using session = await open();
    const result = await session.run(SUPERVISOR_ACCESS_PROBE);
    expect(result.stdout.split('\n').slice(0, 4)).toEqual(access);
    expect(result.stdout).toContain('"exitCode": 0');
    expect(result.stdout.endsWith('\nafter\n')).toBe(true);
    expect((await session.run('print("still served")')).stdout).toBe('still served\n');
  });

  it(
    identity === 'separate'
      ? 'code cannot end the session by signalling the supervisor'
      : 'code can end its own session with SIGTERM to the supervisor (a documented loss)',
    async () => {
      await using session = await open();
      const term = session.run(
        'import os, signal\ntry:\n    os.kill(1, signal.SIGTERM)\n    print("sent")\nexcept OSError as e:\n    print("refused", e.errno)',
      );
      if (identity === 'separate') {
        expect((await term).stdout).toBe('refused 1\n');
        expect((await session.run('print("still served")')).stdout).toBe('still served\n');
      } else {
        // The supervisor shuts down mid-call: that call, and every later one, is a ContainerError.
        await expect(term).rejects.toBeInstanceOf(ContainerError);
        await expect(session.run('print("after")')).rejects.toBeInstanceOf(ContainerError);
      }
    },
  );

  it('kills a process that detached from a call before the next call starts', async () => {
    await using session = await open();
    expect((await session.run(DETACHING_PROGRAM)).stdout).toBe('planted\n');
    const listing = await session.executeCommand(PROCESS_LISTING);
    expect(listing.stdout).toContain('supervisor');
    expect(listing.stdout).not.toMatch(/sleep 30[01]/);
  });

  it('ends the pod when its owner process is SIGKILLed; cleanup then removes the pod and its NetworkPolicy', { timeout: 150_000 }, async () => {
    const ownerGraceMs = 2000;
    const owner = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { KubeConfig } from '@kubernetes/client-node';
         import { createSession, PluginRegistry } from '@llmsb/core';
         import { k8sBackend } from '@llmsb/backend-k8s';
         import { python } from '@llmsb/lang-python';
import { supervisorImageTag } from '@llmsb/supervisor';
         const kubeConfig = new KubeConfig();
         kubeConfig.loadFromFile(${JSON.stringify(process.env.LLMSB_K8S_KUBECONFIG ?? '')} || undefined);
         const registry = new PluginRegistry().use(k8sBackend({ kubeConfig, ...${JSON.stringify(backend)} }), python());
         const session = await createSession({ backend: 'kubernetes', lang: 'python', ownerGraceMs: ${ownerGraceMs} }, registry);
         console.log(session.containerId);
         await session.run('import time\\ntime.sleep(600)', { timeoutMs: null });`,
      ],
      { cwd: packageDirectory, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KUBECONFIG: process.env.LLMSB_K8S_KUBECONFIG ?? '' } },
    );
    const name = await new Promise<string>((resolve, reject) => {
      owner.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    owner.kill('SIGKILL');
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const phase = async () => (await core.readNamespacedPod({ name, namespace }).catch(() => undefined))?.status?.phase ?? 'gone';
    const killedAt = Date.now();
    while ((await phase()) === 'Running' && Date.now() - killedAt < ownerGraceMs + 30_000) await new Promise((resolve) => setTimeout(resolve, 500));
    // The supervisor killed everything and exited 0: the pod ended. Without a controller-manager
    // (this cluster has none) its object stays until deleted; cleanup deletes it.
    expect(await phase()).toBe('Succeeded');
    const report = await cleanupPods(kubeConfig, { namespace });
    expect(report.removed).toContain(name);
    expect(await phase()).toBe('gone');
    // The Role may not list NetworkPolicies; the cluster admin looks.
    const policies = await clusterAdmin().makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace });
    expect(policies.items.map((p) => p.metadata?.name)).not.toContain(name);
  });
});

/** The package's own directory: the owner process resolves `@llmsb/*` from there. */
const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
