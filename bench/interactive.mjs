// Interactive sessions: a warm cell against one Jupyter kernel, against a fresh interpreter per
// run. Baseline: the same code by raw engine exec (python3 on a file), as everywhere in the bench.

const PLOT = 'import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\n';

/**
 * Rows `interactive_cell` (`x = x + 1` after `x = 1`, warm) and `interactive_plot` (a small
 * figure shown with plt.show(), back as image/png), each against raw exec of equivalent code; the
 * medians of run() of the same code on a normal supervised session are printed as notes.
 */
export async function benchInteractive(context) {
  const {
    quick,
    measure,
    createInteractiveSession,
    createSupervisedSession,
    openSessions,
    baselineCreateAndStart,
    removeBaseline,
    rawRunPython,
    execUser,
    notes,
    stats,
  } = context;
  const n = quick ? 3 : 20;
  const kernel = await createInteractiveSession();
  openSessions.add(kernel);
  const session = await createSupervisedSession();
  openSessions.add(session);
  const container = await baselineCreateAndStart();
  const rows = [];
  try {
    await kernel.run('x = 1');
    const cell = async () => {
      const t0 = performance.now();
      const result = await kernel.run('x = x + 1');
      if (result.exitCode !== 0) throw new Error(`interactive_cell: exit ${result.exitCode} ${result.error?.value ?? ''}`);
      return performance.now() - t0;
    };
    const plotCell = async () => {
      const t0 = performance.now();
      const result = await kernel.run(`${PLOT}plt.show()`);
      if (!result.results[0]?.['image/png']) throw new Error('interactive_plot: no image/png result');
      return performance.now() - t0;
    };
    const raw = (code) => async () => {
      const t0 = performance.now();
      const result = await rawRunPython(container, execUser, code);
      if (result.exitCode !== 0) throw new Error(`raw exec: exit ${result.exitCode}`);
      return performance.now() - t0;
    };
    const viaRun = (code) => async () => {
      const t0 = performance.now();
      const result = await session.run(code);
      if (result.exitCode !== 0) throw new Error(`run(): exit ${result.exitCode}`);
      return performance.now() - t0;
    };
    const plotRaw = `${PLOT}import io\nplt.savefig(io.BytesIO(), format='png')`;
    rows.push(await measure('interactive_cell', n, cell, raw('x = 1\nx = x + 1')));
    rows.push(await measure('interactive_plot', n, plotCell, raw(plotRaw)));
    for (const [name, code] of [
      ['interactive_cell', 'x = 1\nx = x + 1'],
      ['interactive_plot', plotRaw],
    ]) {
      const samples = [];
      for (let i = 0; i < n; i += 1) samples.push(await viaRun(code)());
      notes.push(`${name}: run() of the same code on a normal session, median ${stats(samples).median.toFixed(1)} ms`);
    }
  } finally {
    await kernel.close();
    openSessions.delete(kernel);
    await session.close();
    openSessions.delete(session);
    await removeBaseline(container);
  }
  return rows;
}
