// Pool scenarios: handing out a prewarmed, never-used sandbox, and serving one fresh sandbox per
// request. Baselines are raw engine calls for the same work: create + start (+ exec) a container.

import { performance } from 'node:perf_hooks';

const POOL_SIZE = 4;

/**
 * Rows `pool_acquire` (acquire() while an idle sandbox exists vs raw create + start),
 * `pool_acquire_run` and `open_run` (acquire() / createSession() + the first print(1) vs raw
 * create + start + exec), and `pool4_fresh_per_request` (total ms for N requests, each
 * acquire + print(1) + close, 4 at a time, vs raw create + start + exec + remove; rates printed).
 */
export async function benchPool(context) {
  const { quick, measure, createPool, openSessions } = context;
  const n = quick ? 3 : 10;
  const pool = await createPool({ min: 2, max: 2 });
  openSessions.add(pool);
  const rows = [];
  rows.push(
    await measure(
      'pool_acquire',
      n,
      () => timedAcquire(pool, false),
      () => baselineStart(context, false),
    ),
  );
  rows.push(
    await measure(
      'pool_acquire_run',
      n,
      () => timedAcquire(pool, true),
      () => baselineStart(context, true),
    ),
  );
  await pool.close();
  openSessions.delete(pool);
  rows.push(
    await measure(
      'open_run',
      n,
      () => timedOpen(context),
      () => baselineStart(context, true),
    ),
  );
  rows.push(await sustained(context, quick ? 8 : 40));
  return rows;
}

/** Waits (untimed) until the pool is full again, then times acquire() (and the first run). */
async function timedAcquire(pool, run) {
  while (pool.stats().idle < pool.options.min || pool.stats().preparing > 0) await sleep(10);
  const t0 = performance.now();
  const session = await pool.acquire();
  if (run) check(await session.run('print(1)'));
  const elapsed = performance.now() - t0;
  await session.close();
  return elapsed;
}

async function timedOpen({ createSupervisedSession, openSessions }) {
  const t0 = performance.now();
  const session = await createSupervisedSession();
  openSessions.add(session);
  check(await session.run('print(1)'));
  const elapsed = performance.now() - t0;
  await session.close();
  openSessions.delete(session);
  return elapsed;
}

async function baselineStart({ baselineCreateAndStart, removeBaseline, rawRunPython, execUser }, run) {
  const t0 = performance.now();
  const container = await baselineCreateAndStart();
  if (run) check(await rawRunPython(container, execUser, 'print(1)'));
  const elapsed = performance.now() - t0;
  await removeBaseline(container);
  return elapsed;
}

/** `requests` requests, 4 in flight, each on a sandbox nobody used before. */
async function sustained(context, requests) {
  const { createPool, openSessions, baselineCreateAndStart, removeBaseline, rawRunPython, execUser, stats, notes } = context;
  const pool = await createPool({ min: POOL_SIZE, max: POOL_SIZE, createConcurrency: POOL_SIZE });
  openSessions.add(pool);
  const name = `pool${POOL_SIZE}_fresh_per_request`;
  process.stdout.write(`${name} `);
  const ours = await inParallel(requests, async () => {
    const session = await pool.acquire();
    try {
      check(await session.run('print(1)'));
    } finally {
      await session.close();
    }
  });
  await pool.close();
  openSessions.delete(pool);
  const baseline = await inParallel(requests, async () => {
    const container = await baselineCreateAndStart();
    try {
      check(await rawRunPython(container, execUser, 'print(1)'));
    } finally {
      await removeBaseline(container);
    }
  });
  process.stdout.write('.\n');
  const rate = (ms) => ((requests / ms) * 1000).toFixed(1);
  notes.push(
    `${name}: ${rate(ours)} requests/s (fresh sandbox each, pool of ${POOL_SIZE}), ${rate(baseline)} requests/s by raw create + start + exec + remove, ${POOL_SIZE} at a time`,
  );
  return { scenario: `${name}_x${requests}`, n: 1, ours: stats([ours]), baseline: stats([baseline]) };
}

/** Total ms for `count` tasks with `POOL_SIZE` in flight. */
async function inParallel(count, task) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: POOL_SIZE }, async () => {
      while (next < count) {
        next += 1;
        await task();
      }
    }),
  );
  return performance.now() - t0;
}

function check(result) {
  if (result.exitCode !== 0 || result.stdout !== '1\n')
    throw new Error(`pool bench: a run gave exit ${result.exitCode}, stdout ${JSON.stringify(result.stdout)}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
