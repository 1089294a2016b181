// Warm start scenarios: runs forked from the session's warm Python (`warmStart: true`) against the
// same runs started cold (`warmStart: false`) and a raw engine exec of the same program, all in
// this bench run. See bench/README.md.

import { performance } from 'node:perf_hooks';

const SESSIONS = 4;
const NUMPY_SUM = 'import numpy as np\nprint(int(np.arange(10).sum()))';
const LINE_PLOT = 'import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.savefig("/tmp/plot.png")\nprint(1)';

/**
 * Rows `warm_run_python`, `warm_numpy_sum`, `warm_plot_savefig`, `warm_artifact_plot` and
 * `warm_throughput_4xN`, each with a `cold_` twin; the baseline of every row is the raw engine
 * exec of the same program (and, for the artifact plot, the archive fetch of the PNG).
 */
export async function benchWarmStart(context) {
  const rows = [];
  for (const [mode, warmStart] of [
    ['warm', true],
    ['cold', false],
  ]) {
    const session = await openSession(context, warmStart);
    const container = await context.baselineCreateAndStart();
    rows.push(await perRun(context, `${mode}_run_python`, session, container, 'print(1)', '1\n'));
    rows.push(await perRun(context, `${mode}_numpy_sum`, session, container, NUMPY_SUM, '45\n'));
    rows.push(await perRun(context, `${mode}_plot_savefig`, session, container, LINE_PLOT, '1\n'));
    await closeSession(context, session);
    await context.removeBaseline(container);
    rows.push(await context.artifactPlot({ scenario: `${mode}_artifact_plot`, warmStart, untilWarm }));
    rows.push(await throughput(context, mode, warmStart));
  }
  return rows;
}

async function openSession(context, warmStart) {
  const session = await context.createSupervisedSession({ warmStart });
  context.openSessions.add(session);
  if (warmStart) await untilWarm(session);
  return session;
}

async function closeSession(context, session) {
  await session.close();
  context.openSessions.delete(session);
}

/** The fork server is `python3 -P`; a cold interpreter is not. */
async function untilWarm(session) {
  for (const start = performance.now(); performance.now() - start < 60_000;) {
    if ((await session.run('import sys\nprint(int(sys.flags.safe_path))')).stdout === '1\n') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('warm start: runs did not become warm within 60 s');
}

function check(scenario, result, expected) {
  if (result.exitCode !== 0 || result.stdout !== expected) {
    throw new Error(`${scenario}: exit ${result.exitCode}, stdout ${JSON.stringify(result.stdout)}, stderr ${JSON.stringify(result.stderr)}`);
  }
}

async function perRun(context, scenario, session, container, code, expected) {
  const { measure, rawRunPython, execUser, iterations } = context;
  const time = async (run) => {
    const t0 = performance.now();
    const result = await run();
    const elapsed = performance.now() - t0;
    check(scenario, result, expected);
    return elapsed;
  };
  return measure(
    scenario,
    iterations,
    () => time(() => session.run(code)),
    () => time(() => rawRunPython(container, execUser, code)),
  );
}

async function throughput(context, mode, warmStart) {
  const { quick, baselineCreateAndStart, removeBaseline, rawRunPython, execUser, notes, stats } = context;
  const runsEach = quick ? 5 : 50;
  const scenario = `${mode}_throughput_${SESSIONS}x${runsEach}`;
  const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => openSession(context, warmStart)));
  const containers = await Promise.all(Array.from({ length: SESSIONS }, () => baselineCreateAndStart()));
  const timed = async (runOne, targets) => {
    const t0 = performance.now();
    await Promise.all(
      targets.map(async (target) => {
        for (let i = 0; i < runsEach; i += 1) check(scenario, await runOne(target), '1\n');
      }),
    );
    return performance.now() - t0;
  };
  process.stdout.write(`${scenario} `);
  const ours = await timed((session) => session.run('print(1)'), sessions);
  const baseline = await timed((container) => rawRunPython(container, execUser, 'print(1)'), containers);
  process.stdout.write('.\n');
  for (const session of sessions) await closeSession(context, session);
  for (const container of containers) await removeBaseline(container);
  const total = SESSIONS * runsEach;
  notes.push(`${scenario}: ${((total / ours) * 1000).toFixed(1)} runs/s, ${((total / baseline) * 1000).toFixed(1)} runs/s by raw exec`);
  return { scenario, n: 1, ours: stats([ours]), baseline: stats([baseline]) };
}
