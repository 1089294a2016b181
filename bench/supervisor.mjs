// Supervisor scenarios of the bench that have no per-call shape: throughput of several sessions
// at once, how far past its deadline a timed-out run ends, and how long a sandbox outlives an
// owner that was SIGKILLed. Baselines are what a user would do with raw engine calls.

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const SESSIONS = 4;
const TIMEOUT_MS = 2_000;
const LOOP = 'while True:\n    pass';
const FORK_BOMB = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';

/**
 * Rows `throughput_4xN` (total ms for N runs of print(1) in each of 4 sessions at once; runs/s
 * printed), `timeout_overshoot_loop` / `_forkbomb` (ms past a 2 s deadline until the run settles)
 * and a printed dead-owner removal time.
 */
export async function benchSupervisorScenarios(context) {
  const rows = [];
  rows.push(await throughput(context));
  rows.push(await overshoot(context, 'timeout_overshoot_loop', LOOP, {}));
  rows.push(await overshoot(context, 'timeout_overshoot_forkbomb', FORK_BOMB, { pidsLimit: 64 }));
  context.notes.push(
    `dead_owner_removal: ${(await deadOwnerRemoval(context)).toFixed(0)} ms from SIGKILL of the owner until the container is gone (ownerGraceMs 15000, the default)`,
  );
  return rows;
}

async function throughput(context) {
  const { quick, createSupervisedSession, openSessions, baselineCreateAndStart, removeBaseline, rawRunPython, execUser, notes } = context;
  const runsEach = quick ? 5 : 50;
  const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => createSupervisedSession()));
  sessions.forEach((session) => openSessions.add(session));
  const containers = await Promise.all(Array.from({ length: SESSIONS }, () => baselineCreateAndStart()));
  const check = (result) => {
    if (result.exitCode !== 0 || result.stdout !== '1\n')
      throw new Error(`throughput: a run gave exit ${result.exitCode}, stdout ${JSON.stringify(result.stdout)}`);
  };
  const timed = async (runOne, targets) => {
    const t0 = performance.now();
    await Promise.all(
      targets.map(async (target) => {
        for (let i = 0; i < runsEach; i += 1) check(await runOne(target));
      }),
    );
    return performance.now() - t0;
  };
  process.stdout.write(`throughput_${SESSIONS}x${runsEach} `);
  const ours = await timed((session) => session.run('print(1)'), sessions);
  const baseline = await timed((container) => rawRunPython(container, execUser, 'print(1)'), containers);
  process.stdout.write('.\n');
  for (const session of sessions) {
    await session.close();
    openSessions.delete(session);
  }
  for (const container of containers) await removeBaseline(container);
  const total = SESSIONS * runsEach;
  notes.push(
    `throughput_${SESSIONS}x${runsEach}: ${((total / ours) * 1000).toFixed(1)} runs/s with the supervisor, ${((total / baseline) * 1000).toFixed(1)} runs/s by raw exec`,
  );
  return row(context, `throughput_${SESSIONS}x${runsEach}`, [ours], [baseline]);
}

/**
 * Ours: run() with timeoutMs 2000 until it rejects. Baseline: the run by raw exec, and at 2 s a
 * second exec of `kill -9 -1` as the sandbox user (retried while the pids limit refuses it) until
 * the first one's stream ends.
 */
async function overshoot(context, name, code, runtimeConfig) {
  const { quick, createSupervisedSession, openSessions, baselineCreateAndStart, removeBaseline, rawRunPython, rawKillAll, execUser } = context;
  const n = quick ? 1 : 5;
  const session = await createSupervisedSession({ runtimeConfig });
  openSessions.add(session);
  const container = await baselineCreateAndStart(undefined, undefined, runtimeConfig);
  const ours = [];
  const baseline = [];
  process.stdout.write(`${name} `);
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const outcome = await session.run(code, { timeoutMs: TIMEOUT_MS }).then(
      () => 'returned',
      (error) => error?.name,
    );
    if (outcome !== 'SandboxTimeoutError') throw new Error(`${name}: the run ended with ${outcome}, not a timeout`);
    ours.push(performance.now() - t0 - TIMEOUT_MS);
    const t1 = performance.now();
    const run = rawRunPython(container, execUser, code);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS));
    let settled = false;
    run
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => (settled = true));
    while (!settled) {
      await rawKillAll(container, execUser).catch(() => undefined);
      await Promise.race([run.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    baseline.push(performance.now() - t1 - TIMEOUT_MS);
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  await session.close();
  openSessions.delete(session);
  await removeBaseline(container);
  return row(context, name, ours, baseline);
}

/** A child process opens a supervised session, starts a long run and is SIGKILLed. */
async function deadOwnerRemoval({ docker, cliDirectory }) {
  const owner = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createSession } from '@llmsb/core';
       const session = await createSession({ backend: 'docker', lang: 'python', supervisor: true });
       console.log(session.containerId);
       await session.run('import time\\ntime.sleep(600)', { timeoutMs: null });`,
    ],
    { cwd: cliDirectory, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const id = await new Promise((resolve, reject) => {
    owner.stdout.once('data', (chunk) => resolve(chunk.toString().trim()));
    owner.once('exit', (code) => reject(new Error(`dead_owner_removal: the owner exited early (${code})`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  owner.kill('SIGKILL');
  const t0 = performance.now();
  process.stdout.write('dead_owner_removal ');
  while (performance.now() - t0 < 120_000) {
    if (
      !(await docker
        .getContainer(id)
        .inspect()
        .then(
          () => true,
          () => false,
        ))
    ) {
      process.stdout.write('.\n');
      return performance.now() - t0;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await docker
    .getContainer(id)
    .remove({ force: true })
    .catch(() => undefined);
  throw new Error(`dead_owner_removal: container ${id} still exists 120 s after its owner died`);
}

function row({ stats }, scenario, ours, baseline) {
  return { scenario, n: ours.length, ours: stats(ours), baseline: stats(baseline) };
}
