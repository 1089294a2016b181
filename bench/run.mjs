#!/usr/bin/env node
// Latency benchmark: llmsb sessions against raw Docker Engine calls (dockerode) doing the same
// work with the same container create options, less the disk bound's tmpfs mounts (a user
// without llmsb would not make them). See bench/README.md.
//
//   pnpm bench                 # 20 iterations per scenario (open: 10)
//   BENCH_QUICK=1 pnpm bench   # 3 iterations each (CI)
//   BENCH_ONLY=warm pnpm bench # only the warm start rows (warm.mjs)
//   BENCH_ONLY=kubernetes pnpm bench # only the test cluster's rows (kubernetes.mjs)
//
// Exits non-zero only on errors (missing build, missing image, engine down, a failed run),
// never because of a ratio.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { benchKubernetes } from './kubernetes.mjs';
import { benchInteractive } from './interactive.mjs';
import { benchPool } from './pool.mjs';
import { benchSupervisorScenarios } from './supervisor.mjs';
import { benchWarmStart } from './warm.mjs';

const root = new URL('../', import.meta.url);
const resultsDir = new URL('bench/results/', root);

// --- Built packages -------------------------------------------------------------------------

const dist = {
  core: new URL('packages/core/dist/index.js', root),
  docker: new URL('packages/backend-docker/dist/index.js', root),
  python: new URL('packages/lang-python/dist/index.js', root),
  artifacts: new URL('packages/artifacts/dist/index.js', root),
};
for (const [name, url] of Object.entries(dist)) {
  if (!existsSync(url)) fail(`${fileURLToPath(url)} is missing (package ${name} is not built). Run \`pnpm build\` first.`);
}
const core = await import(dist.core.href);
const backend = await import(dist.docker.href);
const lang = await import(dist.python.href);
const { createArtifactSession } = await import(dist.artifacts.href);
const { createSession, PluginRegistry, runtimeConfigSchema, runScript, runScripts, LABELS, ownerLabels, LIBRARY_VERSION } = core;
const { dockerBackend, createOptions, recipeImageTag, IMAGE_LABELS } = backend;
const { python, pythonRecipe } = lang;

// dockerode from backend-docker's own dependencies: no new root dependency.
const requireFromBackend = createRequire(new URL('packages/backend-docker/package.json', root));
const Docker = requireFromBackend('dockerode');

/** A warm hello world per language; compiled languages report their compile and run steps apart. */
const ONLY = process.env['BENCH_ONLY'];
const LANGUAGE_HELLOS = ONLY
  ? []
  : await loadLanguageHellos([
      ['lang-js', 'javascript', 'console.log(1)'],
      ['lang-js', 'typescript', 'const n: number = 1;\nconsole.log(n);'],
      ['lang-java', 'java', 'public class Main {\n  public static void main(String[] args) { System.out.println(1); }\n}'],
      ['lang-cpp', 'cpp', '#include <iostream>\nint main() { std::cout << 1 << std::endl; }'],
      ['lang-go', 'go', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }'],
      ['lang-ruby', 'ruby', 'puts 1'],
      ['lang-r', 'r', 'cat(1, "\\n", sep = "")'],
    ]);

// --- Settings -------------------------------------------------------------------------------

const QUICK = process.env['BENCH_QUICK'] === '1';
const ITERATIONS = {
  open: QUICK ? 3 : 10,
  run_python: QUICK ? 3 : 20,
  exec_true: QUICK ? 3 : 20,
  artifact_plot: QUICK ? 3 : 10,
  language: QUICK ? 3 : 10,
};
const WORKDIR = '/sandbox';
const PROGRAM = 'print(1)';
const EXPECTED_STDOUT = '1\n';

const docker = createDockerClient();
const pythonPlugin = python();
/** Where sessions and baselines run; the Podman variant is added when its service answers. */
const DOCKER_ENGINE = { prefix: '', docker, sessionOptions: { backend: 'docker' }, installNetwork: 'bridge' };
// Explicit registry: the default one imports '@llmsb/lang-python' by name from the current
// project, which the monorepo root does not depend on. Same plugins, same code path otherwise.
const registry = new PluginRegistry().use(dockerBackend(), pythonPlugin);
const IMAGE = recipeImageTag(pythonRecipe);
const RUNTIME_CONFIG = runtimeConfigSchema.parse({});
/** Environment every library exec carries (the language's plus runtimeConfig.env); the baseline passes it too. */
const EXEC_ENV = Object.entries({ ...pythonPlugin.env, ...RUNTIME_CONFIG.env }).map(([k, v]) => `${k}=${v}`);

/** Containers the baseline created, removed on exit whatever happens. */
const baselineContainers = new Set();
/** Sessions still open, closed on exit whatever happens. */
const openSessions = new Set();

// --- Main -----------------------------------------------------------------------------------

// Top-level code runs in order, so these must be registered before the awaits below. The first
// signal stops after the call in flight (so nothing it creates leaks) and cleans up; a second exits.
let interrupted;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = signal;
    console.error(`\n${signal}: stopping after the current call and removing bench containers`);
  });
}

let exitCode = 0;
try {
  await preflight();
  const execUser = await sandboxUser();
  console.log(`llmsb bench: image ${IMAGE}, exec user ${execUser}, ${QUICK ? 'quick' : 'normal'} mode`);
  console.log(
    `iterations: open ${ITERATIONS.open}, run_python ${ITERATIONS.run_python}, exec_true ${ITERATIONS.exec_true}, artifact_plot ${ITERATIONS.artifact_plot}\n`,
  );

  const results = [];
  const notes = [];
  const warmContext = {
    ...supervisorContext(execUser, notes),
    measure,
    iterations: ITERATIONS.run_python,
    artifactPlot: (options) => benchArtifactPlot(execUser, options),
  };
  if (ONLY === 'warm') results.push(...(await benchWarmStart(warmContext)));
  else if (ONLY === 'kubernetes') results.push(...(await benchKubernetesRows()));
  else await benchEverything(results, notes, execUser, warmContext);
  finish(results, notes);
} catch (error) {
  exitCode = 1;
  console.error(`\nbench failed: ${error?.expected ? error.message : (error?.stack ?? error)}`);
} finally {
  await cleanup();
}
process.exit(interrupted ? 130 : exitCode);

/** Every scenario, in order. */
async function benchEverything(results, notes, execUser, warmContext) {
  results.push(await benchOpen(execUser, DOCKER_ENGINE));
  results.push(...(await benchWarm(execUser, DOCKER_ENGINE)));
  const plain = withEngineExec(DOCKER_ENGINE, 'plain_');
  results.push(await benchOpen(execUser, plain));
  results.push(...(await benchWarm(execUser, plain)));
  results.push(...(await benchSupervisorScenarios(supervisorContext(execUser, notes))));
  results.push(...(await benchPool(poolContext(execUser, notes))));
  results.push(
    ...(await benchInteractive({
      ...supervisorContext(execUser, notes),
      measure,
      createInteractiveSession: () => core.createInteractiveSession({ lang: 'python', backend: 'docker' }, registry),
    })),
  );
  const gvisor = await gvisorEngine();
  if (gvisor) {
    results.push(await benchOpen(execUser, gvisor));
    results.push(...(await benchWarm(execUser, gvisor)));
  }
  const podman = await podmanEngine();
  if (podman) {
    results.push(await benchOpen(execUser, podman));
    results.push(...(await benchWarm(execUser, podman)));
    const podmanPlain = withEngineExec(podman, 'podman_plain_');
    results.push(await benchOpen(execUser, podmanPlain));
    results.push(...(await benchWarm(execUser, podmanPlain)));
  }
  results.push(...(await benchKubernetesRows()));
  results.push(await benchArtifactPlot(execUser));
  results.push(...(await benchWarmStart(warmContext)));
  for (const language of LANGUAGE_HELLOS) results.push(await benchLanguage(language));
}

function benchKubernetesRows() {
  return benchKubernetes({ root, measure, iterations: ITERATIONS, core, pythonPlugin, image: IMAGE, openSessions, fail });
}

/** Prints the table and notes and writes results/latest.json. */
function finish(results, notes) {
  printTable(results);
  for (const note of notes) console.log(note);
  mkdirSync(resultsDir, { recursive: true });
  const json = results.map((r) => ({
    scenario: r.scenario,
    median_ms: round(r.ours.median, 2),
    p90_ms: round(r.ours.p90, 2),
    baseline_median_ms: round(r.baseline.median, 2),
    ratio: round(r.ours.median / r.baseline.median, 3),
    ...(r.steps ? { baseline_step_median_ms: Object.fromEntries(Object.entries(r.steps).map(([k, v]) => [k, round(v, 2)])) } : {}),
  }));
  const out = new URL('latest.json', resultsDir);
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwrote ${posix.relative(fileURLToPath(root), fileURLToPath(out))}`);
}

// --- Scenarios ------------------------------------------------------------------------------

/** (a) open: createSession until resolved vs create + start + first exec of `true`. Close/remove not timed. */
async function benchOpen(execUser, engine) {
  const ours = async () => {
    const t0 = performance.now();
    const session = await createSession({ lang: 'python', ...engine.sessionOptions }, engine.registry ?? registry);
    const elapsed = performance.now() - t0;
    openSessions.add(session);
    await session.close();
    openSessions.delete(session);
    return elapsed;
  };
  const baseline = async () => {
    const t0 = performance.now();
    const container = await baselineCreateAndStart(IMAGE, engine, engine.runtimeConfig);
    const exitCode = await rawExecTrue(container, execUser);
    const elapsed = performance.now() - t0;
    if (exitCode !== 0) throw new Error(`baseline: first exec of true exited ${exitCode}`);
    await removeBaseline(container);
    return elapsed;
  };
  return measure(`${engine.prefix}open`, ITERATIONS.open, ours, baseline);
}

/** (b) run_python and (c) exec_true on one warm session and one warm baseline container. */
async function benchWarm(execUser, engine) {
  const session = await createSession({ lang: 'python', ...engine.sessionOptions }, engine.registry ?? registry);
  openSessions.add(session);
  const container = await baselineCreateAndStart(IMAGE, engine, engine.runtimeConfig);
  {
    const exitCode = await rawExecTrue(container, execUser);
    if (exitCode !== 0) throw new Error(`baseline: first exec of true exited ${exitCode}`);
  }

  const runPython = await measure(
    `${engine.prefix}run_python`,
    ITERATIONS.run_python,
    async () => {
      const t0 = performance.now();
      const result = await session.run(PROGRAM);
      const elapsed = performance.now() - t0;
      if (result.exitCode !== 0 || result.stdout !== EXPECTED_STDOUT) {
        throw new Error(`session.run gave exit ${result.exitCode}, stdout ${JSON.stringify(result.stdout)}, stderr ${JSON.stringify(result.stderr)}`);
      }
      return elapsed;
    },
    async () => {
      const t0 = performance.now();
      const result = await rawRunPython(container, execUser, PROGRAM);
      const elapsed = performance.now() - t0;
      if (result.exitCode !== 0 || result.stdout !== EXPECTED_STDOUT) {
        throw new Error(
          `baseline run gave exit ${result.exitCode}, stdout ${JSON.stringify(result.stdout)}, stderr ${JSON.stringify(result.stderr)}`,
        );
      }
      return elapsed;
    },
  );

  const execTrue = await measure(
    `${engine.prefix}exec_true`,
    ITERATIONS.exec_true,
    async () => {
      const t0 = performance.now();
      const result = await session.executeCommand(['true']);
      const elapsed = performance.now() - t0;
      if (result.exitCode !== 0) throw new Error(`session.executeCommand(['true']) exited ${result.exitCode}`);
      return elapsed;
    },
    async () => {
      const t0 = performance.now();
      const exitCode = await rawExecTrue(container, execUser);
      const elapsed = performance.now() - t0;
      if (exitCode !== 0) throw new Error(`baseline exec of true exited ${exitCode}`);
      return elapsed;
    },
  );

  await session.close();
  openSessions.delete(session);
  await removeBaseline(container);
  return [runPython, execTrue];
}

/**
 * (d) artifact_plot: a matplotlib line plot through a warm ArtifactSandboxSession (plt.show(),
 * PNG returned in result.plots) vs the same plot saved by a raw run exec and fetched with the
 * engine's archive API (GET /containers/{id}/archive). `warmStart` sessions are measured once
 * their runs fork from the warm interpreter (`untilWarm`, bench/warm.mjs).
 */
async function benchArtifactPlot(execUser, { scenario = 'artifact_plot', warmStart = false, untilWarm } = {}) {
  const plot = 'import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\n';
  const session = await createArtifactSession({ lang: 'python', warmStart }, registry);
  openSessions.add(session);
  if (warmStart) await untilWarm(session);
  const container = await baselineCreateAndStart();
  const target = '/tmp/bench-plot.png';

  const result = await measure(
    scenario,
    ITERATIONS.artifact_plot,
    async () => {
      const t0 = performance.now();
      const result = await session.run(`${plot}plt.show()`);
      const elapsed = performance.now() - t0;
      if (result.exitCode !== 0 || result.plots.length !== 1 || result.plots[0].format !== 'png') {
        throw new Error(`artifact run gave exit ${result.exitCode}, ${result.plots.length} plots, stderr ${JSON.stringify(result.stderr)}`);
      }
      return elapsed;
    },
    async () => {
      const t0 = performance.now();
      const run = await rawRunPython(container, execUser, `${plot}plt.savefig(${JSON.stringify(target)}, bbox_inches='tight')`);
      const tar = await streamToBuffer(await container.getArchive({ path: target }));
      const elapsed = performance.now() - t0;
      if (run.exitCode !== 0 || tar.length < 1024)
        throw new Error(`baseline plot gave exit ${run.exitCode}, a ${tar.length}-byte archive, stderr ${JSON.stringify(run.stderr)}`);
      return elapsed;
    },
  );

  await session.close();
  openSessions.delete(session);
  await removeBaseline(container);
  return result;
}

/**
 * (e) run_<language>: a warm hello world through session.run vs the same step scripts (compile,
 * then run, each its own exec, code on the first one's stdin) by raw exec in a container made
 * with the same create options from the language's image. Baseline step medians are reported.
 */
async function benchLanguage({ plugin, code }) {
  const languageRegistry = new PluginRegistry().use(dockerBackend(), plugin);
  const session = await createSession({ lang: plugin.name }, languageRegistry);
  openSessions.add(session);
  const image = recipeImageTag(plugin.imageRecipe);
  const user = (await docker.getImage(image).inspect()).Config.Labels?.[IMAGE_LABELS.user] ?? 'root';
  const env = Object.entries({ ...plugin.env, ...RUNTIME_CONFIG.env }).map(([k, v]) => `${k}=${v}`);
  const container = await baselineCreateAndStart(image);
  const stepTimes = (plugin.runStepNames ?? ['run']).map(() => []);
  const result = await measure(
    `run_${plugin.name}`,
    ITERATIONS.language,
    async () => {
      const t0 = performance.now();
      const run = await session.run(code);
      const elapsed = performance.now() - t0;
      if (run.exitCode !== 0 || run.stdout !== '1\n')
        throw new Error(
          `${plugin.name}: session.run gave exit ${run.exitCode}, stdout ${JSON.stringify(run.stdout)}, stderr ${JSON.stringify(run.stderr)}`,
        );
      return elapsed;
    },
    async () => {
      const t0 = performance.now();
      const run = await rawRunSteps(container, user, env, plugin, code);
      const elapsed = performance.now() - t0;
      if (run.exitCode !== 0 || run.stdout !== '1\n')
        throw new Error(
          `${plugin.name}: baseline gave exit ${run.exitCode}, stdout ${JSON.stringify(run.stdout)}, stderr ${JSON.stringify(run.stderr)}`,
        );
      run.stepMs.forEach((ms, index) => stepTimes[index]?.push(ms));
      return elapsed;
    },
  );
  await session.close();
  openSessions.delete(session);
  await removeBaseline(container);
  const names = plugin.runStepNames ?? [];
  return names.length > 1 ? { ...result, steps: Object.fromEntries(names.map((name, i) => [name, stats(stepTimes[i]).median])) } : result;
}

/**
 * One warm-up pair, then `n` interleaved pairs. The order inside a pair alternates
 * (ours first, then baseline first, ...) so drift and cache effects hit both sides alike.
 */
async function measure(scenario, n, ours, baseline) {
  process.stdout.write(`${scenario.padEnd(11)} warm-up`);
  checkInterrupted();
  await ours();
  await baseline();
  const samples = { ours: [], baseline: [] };
  for (let i = 0; i < n; i += 1) {
    checkInterrupted();
    if (i % 2 === 0) {
      samples.ours.push(await ours());
      samples.baseline.push(await baseline());
    } else {
      samples.baseline.push(await baseline());
      samples.ours.push(await ours());
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return { scenario, n, ours: stats(samples.ours), baseline: stats(samples.baseline) };
}

// --- Baseline: raw Docker Engine calls --------------------------------------------------------

function baselineLabels() {
  return {
    [LABELS.managed]: 'true',
    [LABELS.session]: `bench-${randomBytes(6).toString('hex')}`,
    [LABELS.language]: 'python',
    [LABELS.version]: LIBRARY_VERSION,
    [LABELS.createdAt]: new Date().toISOString(),
    ...ownerLabels(),
  };
}

async function baselineCreateAndStart(image = IMAGE, engine = DOCKER_ENGINE, runtimeConfig = undefined) {
  const container = await engine.docker.createContainer(
    createOptions({
      image,
      workdir: WORKDIR,
      labels: baselineLabels(),
      runtimeConfig: runtimeConfig ? runtimeConfigSchema.parse(runtimeConfig) : RUNTIME_CONFIG,
      installNetwork: engine.installNetwork,
    }),
  );
  baselineContainers.add(container);
  await container.start();
  // The default network mode, 'install', keeps code offline: leave the network as the library does.
  if (RUNTIME_CONFIG.network === 'install') {
    await engine.docker.getNetwork(engine.installNetwork).disconnect({ Container: container.id, Force: true });
  }
  return container;
}

/**
 * The same scenarios on Podman's compatible service, baselines made of raw calls to it. Missing
 * Podman fails the bench under CI=true (set-up installs it) and is reported and left out elsewhere.
 */
async function podmanEngine() {
  const url = new URL('packages/backend-podman/dist/index.js', root);
  if (!existsSync(url)) fail(`${fileURLToPath(url)} is missing. Run \`pnpm build\` first.`);
  const { podmanBackend, ROOTFUL_SOCKET, PODMAN_FLAVOR } = await import(url.href);
  const client = new Docker({ socketPath: ROOTFUL_SOCKET });
  const reachable = await client.ping().then(
    () => true,
    () => false,
  );
  const present =
    reachable &&
    (await client
      .getImage(IMAGE)
      .inspect()
      .then(
        () => true,
        () => false,
      ));
  if (!present) {
    const why = reachable ? `the image ${IMAGE} is not in Podman's store` : `no Podman service answers at ${ROOTFUL_SOCKET}`;
    if (process.env['CI'] === 'true') fail(`Podman scenarios: ${why}. Run scripts/setup.sh.`);
    console.log(`Podman scenarios left out: ${why}.`);
    return undefined;
  }
  return {
    prefix: 'podman_',
    docker: client,
    registry: new PluginRegistry().use(podmanBackend(), pythonPlugin),
    sessionOptions: { backend: 'podman' },
    installNetwork: PODMAN_FLAVOR.installNetwork,
  };
}

/**
 * Docker with gVisor (`runtime: 'runsc'`) for sessions and baselines alike. A missing runsc fails
 * the bench under CI=true (set-up registers it) and is reported and left out elsewhere.
 */
async function gvisorEngine() {
  const runtimes = Object.keys((await docker.info()).Runtimes ?? {});
  if (!runtimes.includes('runsc')) {
    if (process.env['CI'] === 'true') fail('gVisor scenarios: the engine has no runsc runtime. Run scripts/setup.sh.');
    console.log('gVisor scenarios left out: the engine has no runsc runtime (bash scripts/ensure-gvisor.sh).');
    return undefined;
  }
  const runtimeConfig = { runtime: 'runsc' };
  return { ...DOCKER_ENGINE, prefix: 'gvisor_', sessionOptions: { backend: 'docker', runtimeConfig }, runtimeConfig };
}

/** The same engine with sessions on the engine-exec path (no supervisor), for comparison; baselines are the same raw calls. */
function withEngineExec(engine, prefix) {
  return { ...engine, prefix, sessionOptions: { ...engine.sessionOptions, supervisor: false } };
}

/** What bench/supervisor.mjs needs from this file. */
function supervisorContext(execUser, notes) {
  return {
    quick: QUICK,
    docker,
    execUser,
    notes,
    openSessions,
    stats,
    cliDirectory: fileURLToPath(new URL('packages/cli/', root)),
    createSupervisedSession: (options = {}) => createSession({ lang: 'python', backend: 'docker', supervisor: true, ...options }, registry),
    baselineCreateAndStart,
    removeBaseline,
    rawRunPython,
    rawKillAll,
  };
}

function poolContext(execUser, notes) {
  return {
    ...supervisorContext(execUser, notes),
    measure,
    createPool: (options) => core.createPool({ lang: 'python', backend: 'docker', ...options }, registry),
  };
}

/** What a user would do to stop a runaway exec without llmsb: exec `kill -9 -1` as the same user. */
async function rawKillAll(container, user) {
  const exec = await container.exec({ Cmd: ['/bin/sh', '-c', 'kill -9 -1'], AttachStdout: true, AttachStderr: true, User: user });
  const stream = await exec.start({ hijack: true, stdin: false });
  await streamEnd(stream, () => stream.resume());
}

async function removeBaseline(container) {
  await container.remove({ force: true, v: true });
  baselineContainers.delete(container);
}

/** exec create + start (attached, no stdin) + wait for the stream to end + inspect. */
async function rawExecTrue(container, user) {
  const exec = await container.exec({
    Cmd: ['true'],
    AttachStdout: true,
    AttachStderr: true,
    Env: EXEC_ENV,
    WorkingDir: WORKDIR,
    User: user,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  await streamEnd(stream, () => docker.modem.demuxStream(stream, discard(), discard()));
  return exitCodeOf(exec);
}

/** The library's run protocol by hand: run script via /bin/sh -c, code on stdin, demuxed output. */
async function rawRunPython(container, user, code) {
  const file = posix.join(WORKDIR, `llmsb_${randomBytes(8).toString('hex')}.py`);
  const exec = await container.exec({
    Cmd: ['/bin/sh', '-c', runScript([`python3 ${file}`]), 'llmsb', file],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Env: EXEC_ENV,
    WorkingDir: WORKDIR,
    User: user,
  });
  const stream = await exec.start({ hijack: true, stdin: true });
  const stdout = [];
  const stderr = [];
  await streamEnd(stream, () => {
    docker.modem.demuxStream(stream, collect(stdout), collect(stderr));
    stream.write(Buffer.from(code));
    stream.end();
  });
  return {
    exitCode: await exitCodeOf(exec),
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
}

/** A language's run steps by hand: one exec per step, the code on the first one's stdin. */
async function rawRunSteps(container, user, env, plugin, code) {
  const file = posix.join(WORKDIR, `llmsb_${randomBytes(8).toString('hex')}.${plugin.fileExtension}`);
  const stdout = [];
  const stderr = [];
  const stepMs = [];
  let exitCode = 0;
  for (const [index, script] of runScripts(plugin.runCommands(file)).entries()) {
    const t0 = performance.now();
    const exec = await container.exec({
      Cmd: ['/bin/sh', '-c', script, 'llmsb', file],
      AttachStdin: index === 0,
      AttachStdout: true,
      AttachStderr: true,
      Env: env,
      WorkingDir: WORKDIR,
      User: user,
    });
    const stream = await exec.start({ hijack: true, stdin: index === 0 });
    await streamEnd(stream, () => {
      docker.modem.demuxStream(stream, collect(stdout), collect(stderr));
      if (index === 0) {
        stream.write(Buffer.from(code));
        stream.end();
      }
    });
    exitCode = await exitCodeOf(exec);
    stepMs.push(performance.now() - t0);
    if (exitCode !== 0) break;
  }
  return { exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), stepMs };
}

/** The language plugins whose package is built and whose image is present; the rest are named and left out. */
async function loadLanguageHellos(entries) {
  const found = [];
  const client = createDockerClient();
  for (const [directory, name, code] of entries) {
    const url = new URL(`packages/${directory}/dist/index.js`, root);
    if (!existsSync(url)) fail(`${fileURLToPath(url)} is missing. Run \`pnpm build\` first.`);
    const plugin = (await import(url.href)).llmsbPlugins().find((p) => p.name === name);
    const image = recipeImageTag(plugin.imageRecipe);
    const present = await client
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!present) fail(`The ${name} image ${image} is missing. Run \`pnpm llmsb images build\` first.`);
    found.push({ plugin, code });
  }
  return found;
}

async function streamToBuffer(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function streamEnd(stream, begin) {
  return new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
    begin();
  });
}

/** Exec inspect; polls only in the rare case the stream closed before the engine recorded the exit. */
async function exitCodeOf(exec) {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('baseline: exec output ended but the process did not exit');
}

// --- Setup and teardown -----------------------------------------------------------------------

function createDockerClient() {
  if (process.env['DOCKER_HOST']) return new Docker();
  return new Docker({ socketPath: '/var/run/docker.sock' });
}

async function preflight() {
  try {
    await docker.ping();
  } catch (error) {
    throw benchError(`Cannot reach the Docker engine (${error?.message ?? error}). Start it or set DOCKER_HOST.`);
  }
  try {
    await docker.getImage(IMAGE).inspect();
  } catch (error) {
    if (error?.statusCode === 404) {
      throw benchError(`The default Python image ${IMAGE} is missing. Build it first: \`pnpm llmsb images build python\``);
    }
    throw error;
  }
}

/** The user sessions exec as: runtimeConfig.user, else the image's llmsb.user label, else its User. */
async function sandboxUser() {
  const info = await docker.getImage(IMAGE).inspect();
  return RUNTIME_CONFIG.user ?? info.Config.Labels?.[IMAGE_LABELS.user] ?? (info.Config.User || 'root');
}

function checkInterrupted() {
  if (interrupted) throw benchError(`interrupted by ${interrupted}`);
}

/** Closes what is still open, then removes anything else labelled as created by this process. */
async function cleanup() {
  for (const session of openSessions) await session.close().catch(() => undefined);
  for (const container of baselineContainers) await container.remove({ force: true, v: true }).catch(() => undefined);
  const leftovers = await docker
    .listContainers({
      all: true,
      filters: { label: [`${LABELS.ownerPid}=${process.pid}`, `${LABELS.ownerHost}=${ownerLabels()[LABELS.ownerHost]}`] },
    })
    .catch(() => []);
  for (const info of leftovers)
    await docker
      .getContainer(info.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
}

/** An expected failure (engine down, image missing): reported without a stack trace. */
function benchError(message) {
  return Object.assign(new Error(message), { expected: true });
}

function fail(message) {
  console.error(`bench failed: ${message}`);
  process.exit(1);
}

// --- Statistics and output --------------------------------------------------------------------

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  // Nearest-rank p90.
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)];
  return { median, p90, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

function printTable(results) {
  const header = ['scenario', 'n', 'median ms', 'p90 ms', 'base median', 'base p90', 'ratio', 'ratio p90'];
  const rows = results.map((r) => [
    r.scenario,
    String(r.n),
    r.ours.median.toFixed(1),
    r.ours.p90.toFixed(1),
    r.baseline.median.toFixed(1),
    r.baseline.p90.toFixed(1),
    `${(r.ours.median / r.baseline.median).toFixed(2)}x`,
    `${(r.ours.p90 / r.baseline.p90).toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(header)}`);
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('\nratio = ours / baseline (raw dockerode, same create options); 1.00x = no library overhead.');
  for (const r of results.filter((result) => result.steps)) {
    const steps = Object.entries(r.steps)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
      .join(', ');
    console.log(`${r.scenario}: baseline step medians ${steps}`);
  }
}

/** Sinks like the library's: plain Writables fed by demuxStream. */
function discard() {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function collect(into) {
  return new Writable({
    write(chunk, _encoding, done) {
      into.push(chunk);
      done();
    },
  });
}

function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
