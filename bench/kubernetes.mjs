// Kubernetes scenarios of the bench: llmsb sessions on the test cluster (scripts/k8s/cluster.sh)
// against raw @kubernetes/client-node calls doing the same work: create the same deny-all
// NetworkPolicy and pod manifest, poll until the pod runs, exec over the pods/exec WebSocket.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const DEFAULT_KUBECONFIG = '/var/lib/llmsb-k8s/llmsb-tests.kubeconfig';
const WORKDIR = '/sandbox';

/**
 * k8s_open (through the supervisor, separate identity), k8s_run_python and k8s_exec_true (also
 * `_restricted`: the restricted identity), k8s_run_python_warm (`warmStart: true`), or an empty
 * list (with the reason printed) when no cluster is set up; under CI=true a missing cluster is an
 * error.
 */
export async function benchKubernetes({ root, measure, iterations, core, pythonPlugin, image, openSessions, fail }) {
  const kubeconfigFile = process.env['LLMSB_K8S_KUBECONFIG'] ?? DEFAULT_KUBECONFIG;
  if (!existsSync(kubeconfigFile)) {
    const why = `no test cluster kubeconfig at ${kubeconfigFile}`;
    if (process.env['CI'] === 'true') fail(`Kubernetes scenarios: ${why}. Run \`bash scripts/k8s/cluster.sh up\`.`);
    console.log(`Kubernetes scenarios left out: ${why}.`);
    return [];
  }
  const url = new URL('packages/backend-k8s/dist/index.js', root);
  if (!existsSync(url)) fail(`${fileURLToPath(url)} is missing. Run \`pnpm build\` first.`);
  const { k8sBackend, defaultPodManifest, isolationPolicy, SANDBOX_CONTAINER, SANDBOX_LABEL } = await import(url.href);
  // client-node from the backend's own dependencies: no new root dependency.
  const { KubeConfig, CoreV1Api, NetworkingV1Api, Exec } = createRequire(new URL('packages/backend-k8s/package.json', root))(
    '@kubernetes/client-node',
  );

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigFile);
  const namespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const networking = kubeConfig.makeApiClient(NetworkingV1Api);
  const exec = new Exec(kubeConfig);
  const registry = new core.PluginRegistry().use(k8sBackend({ kubeConfig }), pythonPlugin);
  const runtimeConfig = core.runtimeConfigSchema.parse({});
  const env = { ...pythonPlugin.env, ...runtimeConfig.env };
  const sessionOptions = { lang: 'python', backend: 'kubernetes' };
  const basePods = new Set();

  const labels = () => ({ [core.LABELS.managed]: 'true', [core.LABELS.session]: `bench-${randomBytes(6).toString('hex')}`, ...core.ownerLabels() });

  /** The same objects the backend makes: the NetworkPolicy, then the pod (labels, limits, user, volumes). */
  async function createAndWait() {
    const metadata = labels();
    const pod = defaultPodManifest({ image, namespace, workdir: WORKDIR, labels: metadata, runtimeConfig, uid: 1000 });
    const name = pod.metadata.name;
    pod.metadata.labels[SANDBOX_LABEL] = name;
    basePods.add(name);
    await networking.createNamespacedNetworkPolicy({ namespace, body: isolationPolicy(name, namespace, metadata) });
    await api.createNamespacedPod({ namespace, body: pod });
    for (;;) {
      const pod = await api.readNamespacedPod({ name, namespace });
      if (pod.status?.phase === 'Running' && pod.status.containerStatuses?.every((s) => s.state?.running)) return name;
      if (pod.status?.phase === 'Failed') throw new Error(`baseline pod ${name} failed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function removePod(name) {
    await api.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
    await networking.deleteNamespacedNetworkPolicy({ name, namespace });
    basePods.delete(name);
  }

  /** One exec over the WebSocket; resolves with the exit code from the status channel. */
  function rawExec(pod, argv, stdin) {
    const stdout = [];
    const stderr = [];
    return new Promise((resolve, reject) => {
      exec
        .exec(namespace, pod, SANDBOX_CONTAINER, argv, collect(stdout), collect(stderr), stdin ? Readable.from([stdin]) : null, false, (status) => {
          const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
          resolve({
            exitCode: status.status === 'Success' ? 0 : Number(cause?.message ?? -1),
            stdout: Buffer.concat(stdout).toString(),
            stderr: Buffer.concat(stderr).toString(),
          });
        })
        .catch(reject);
    });
  }

  /** The run script the session uses, with the working directory and environment it sets. */
  function rawRunPython(pod, code) {
    const file = posix.join(WORKDIR, `llmsb_${randomBytes(8).toString('hex')}.py`);
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}=${shellQuote(v)}; `)
      .join('');
    const script = `cd ${WORKDIR} && ${exports}${core.runScript([`python3 ${file}`])}`;
    return rawExec(pod, ['/bin/sh', '-c', script, 'llmsb', file], Buffer.from(code));
  }

  const results = [];
  try {
    results.push(
      await measure(
        'k8s_open',
        iterations.open,
        async () => {
          const t0 = performance.now();
          const session = await core.createSession(sessionOptions, registry);
          const elapsed = performance.now() - t0;
          openSessions.add(session);
          await session.close();
          openSessions.delete(session);
          return elapsed;
        },
        async () => {
          const t0 = performance.now();
          const pod = await createAndWait();
          const { exitCode } = await rawExec(pod, ['true']);
          const elapsed = performance.now() - t0;
          if (exitCode !== 0) throw new Error(`baseline: first exec of true exited ${exitCode}`);
          await removePod(pod);
          return elapsed;
        },
      ),
    );

    const pod = await createAndWait();
    // Calls through the supervisor in both identity modes (row suffix `_restricted` for the
    // second) and with warm Python (`_warm`), against the same raw exec per call on a plain pod.
    for (const [suffix, identity, warmStart] of [
      ['', 'separate', false],
      ['_restricted', 'restricted', false],
      ['_warm', 'separate', true],
    ]) {
      const modeRegistry = new core.PluginRegistry().use(k8sBackend({ kubeConfig, identity }), pythonPlugin);
      const session = await core.createSession({ ...sessionOptions, warmStart }, modeRegistry);
      openSessions.add(session);
      if (session.execPath !== 'supervisor') throw new Error(`k8s session (${identity}) runs through ${session.execPath}, not the supervisor`);
      if (warmStart) await untilWarm(session);
      results.push(
        await measure(
          `k8s_run_python${suffix}`,
          iterations.run_python,
          async () => {
            const t0 = performance.now();
            const result = await session.run('print(1)');
            const elapsed = performance.now() - t0;
            if (result.exitCode !== 0 || result.stdout !== '1\n') throw new Error(`k8s session.run gave ${JSON.stringify(result)}`);
            return elapsed;
          },
          async () => {
            const t0 = performance.now();
            const result = await rawRunPython(pod, 'print(1)');
            const elapsed = performance.now() - t0;
            if (result.exitCode !== 0 || result.stdout !== '1\n') throw new Error(`k8s baseline run gave ${JSON.stringify(result)}`);
            return elapsed;
          },
        ),
      );
      if (!warmStart) {
        results.push(
          await measure(
            `k8s_exec_true${suffix}`,
            iterations.exec_true,
            async () => {
              const t0 = performance.now();
              const result = await session.executeCommand(['true']);
              const elapsed = performance.now() - t0;
              if (result.exitCode !== 0) throw new Error(`k8s executeCommand(['true']) exited ${result.exitCode}`);
              return elapsed;
            },
            async () => {
              const t0 = performance.now();
              const { exitCode } = await rawExec(pod, ['true']);
              const elapsed = performance.now() - t0;
              if (exitCode !== 0) throw new Error(`k8s baseline exec of true exited ${exitCode}`);
              return elapsed;
            },
          ),
        );
      }
      await session.close();
      openSessions.delete(session);
    }
  } finally {
    await Promise.all([...basePods].map((name) => removePod(name).catch(() => undefined)));
  }
  return results;
}

/** Resolves once the session's runs fork from its warm interpreter. */
async function untilWarm(session) {
  for (const start = Date.now(); Date.now() - start < 60_000;) {
    if ((await session.run('import sys\nprint(int(sys.flags.safe_path))')).stdout === '1\n') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('k8s warm session: runs did not become warm within 60 s');
}

function collect(chunks) {
  return new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
}

function shellQuote(value) {
  return `'${String(value).replaceAll("'", `'\\''`)}'`;
}
