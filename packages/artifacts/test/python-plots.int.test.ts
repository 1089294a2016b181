// Plot capture in the real Python image: matplotlib, seaborn and plotly as users call them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSecurityPolicy, SecurityError } from '@llmsb/core';
import { ArtifactSandboxSession, type ArtifactSession } from '@llmsb/artifacts';
import { PYTHON_MODES, untilWarm } from '@llmsb/backend-docker/testing';
import { checkJpeg, decodePng, openArtifacts, registry, requireImage } from './helpers.js';

beforeAll(requireImage);

/** Every PNG is decoded and its reported size must be its real size. */
function expectRealPngs(plots: readonly { format: string; contentBase64: string; width?: number; height?: number }[]): void {
  for (const plot of plots.filter((p) => p.format === 'png')) {
    expect(decodePng(plot.contentBase64)).toEqual({ width: plot.width, height: plot.height });
  }
}

const SINE = `
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 10, 100)
y = np.sin(x)
plt.plot(x, y)
plt.title('Sine Wave')
plt.show()
`;

const SEED_MIXED = `
import matplotlib.pyplot as plt
import seaborn as sns
import plotly.express as px
import pandas as pd
import numpy as np

# Matplotlib plot
plt.figure(figsize=(10, 6))
x = np.linspace(0, 10, 100)
plt.plot(x, np.sin(x))
plt.title('Matplotlib: Sine Wave')
plt.show()

# Seaborn plot
data = pd.DataFrame({
    'x': np.random.randn(100),
    'y': np.random.randn(100)
})
sns.scatterplot(data=data, x='x', y='y')
plt.title('Seaborn: Scatter Plot')
plt.show()

# Plotly plot
fig = px.line(data, x='x', y='y', title='Plotly: Line Plot')
fig.show()
`;

// Every test in both ways a run starts: a cold interpreter, and a child forked from the warm one
// that imported matplotlib before the capture's hooks were there.
describe.each(PYTHON_MODES)('Python plots through ArtifactSandboxSession ($mode)', ({ warmStart }) => {
  let session: ArtifactSession;
  beforeAll(async () => {
    session = await openArtifacts({ warmStart });
    if (warmStart) await untilWarm(session);
  });
  afterAll(() => session?.close());

  it('returns one real PNG with its size and dpi for the seed sine wave', async () => {
    const result = await session.run(SINE);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '', files: [], skippedArtifacts: [] });
    expect(result.plots).toHaveLength(1);
    const [plot] = result.plots;
    expect(plot).toMatchObject({ format: 'png', dpi: 100 });
    expect(plot?.width).toBeGreaterThan(300);
    expectRealPngs(result.plots);
  });

  it('returns two PNGs and one HTML for the seed matplotlib + seaborn + plotly example', async () => {
    const result = await session.run(SEED_MIXED, { libraries: ['plotly'] });
    expect(result.exitCode).toBe(0);
    expect(result.plots.map((p) => p.format)).toEqual(['png', 'png', 'html']);
    expectRealPngs(result.plots);
    // figsize=(10, 6) at 100 dpi, trimmed to the drawing by bbox_inches='tight'
    expect(result.plots[0]?.width).toBeGreaterThan(result.plots[1]?.width ?? Infinity);
    const html = Buffer.from(result.plots[2]?.contentBase64 ?? '', 'base64').toString();
    expect(html).toMatch(/^<html>/);
    expect(html).toContain('Plotly: Line Plot');
    expect(html).toMatch(/<script src="https:\/\/cdn\.plot\.ly\/plotly-[\d.]+\.min\.js"><\/script>/);
  });

  it('captures several figures, Figure.savefig and plt.savefig copies, and never-shown figures at exit, in order', async () => {
    const result = await session.run(`
import matplotlib.pyplot as plt
fig1, ax1 = plt.subplots(figsize=(4, 3), dpi=50)
ax1.plot([1, 2, 3])
fig1.savefig('one.png')               # copied; not captured again at exit
fig2, ax2 = plt.subplots(figsize=(3, 3), dpi=80)
ax2.bar([1, 2], [3, 4])
plt.savefig('two.jpg', dpi=40)        # current figure, JPEG
plt.savefig('vector.svg')
fig3, ax3 = plt.subplots(figsize=(2, 2), dpi=100)
ax3.scatter([1], [1])                 # never shown, never saved
plt.figure()                          # empty: nothing to capture
`);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(result.plots.map((p) => p.format)).toEqual(['png', 'jpeg', 'svg', 'png']);
    const [one, two, svg, atExit] = result.plots;
    expect(one).toMatchObject({ width: 200, height: 150, dpi: 50 });
    expect(checkJpeg(two?.contentBase64 ?? '')).toEqual({ width: 120, height: 120 });
    expect(two).toMatchObject({ width: 120, height: 120 });
    expect(Buffer.from(svg?.contentBase64 ?? '', 'base64').toString()).toContain('<svg');
    expect(svg?.width).toBeUndefined();
    expect(atExit?.dpi).toBe(100);
    expect(atExit?.width).toBeGreaterThan(150);
    expect(atExit?.width).toBeLessThan(300);
    expectRealPngs(result.plots);
  });

  it('captures a figure that was shown and is still open once, and again only if it changed', async () => {
    const result = await session.run(`
import matplotlib.pyplot as plt
kept, ax = plt.subplots()
ax.plot([1, 2])
kept.show()                  # non-blocking: stays open
plt.show(block=False)        # still open, unchanged: not captured again
changed, ax2 = plt.subplots()
ax2.plot([2, 1])
plt.show(block=False)
ax2.set_title('changed after show')
`);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    // kept (once), changed (at show), changed again (at exit, because it changed)
    expect(result.plots).toHaveLength(3);
    expectRealPngs(result.plots);
  });

  it('starts a fresh figure after plt.show(), as a GUI or Jupyter would', async () => {
    const result = await session.run(`
import matplotlib.pyplot as plt
plt.plot([1, 2]); plt.show()
plt.plot([2, 1]); plt.show()
print(len(plt.get_fignums()), len(plt.gca().lines))
`);
    expect(result.stdout).toBe('0 0\n');
    expect(result.plots).toHaveLength(2);
  });

  it('copies plotly write_html and returns no image from write_image without kaleido, with the user error intact', async () => {
    const result = await session.run(`
import plotly.graph_objects as go
fig = go.Figure(go.Bar(x=[1, 2], y=[3, 1]))
fig.write_html('chart.html', include_plotlyjs='cdn')
fig.write_image('chart.png')
`);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/line 5, in <module>\n.*fig\.write_image\('chart\.png'\)/s);
    expect(result.stderr).toMatch(/kaleido/);
    expect(result.plots.map((p) => p.format)).toEqual(['html']);
  });

  it('returns only the plots of its own run', async () => {
    expect((await session.run(SINE)).plots).toHaveLength(1);
    const next = await session.run('print("no plots")');
    expect(next).toMatchObject({ stdout: 'no plots\n', plots: [] });
  });

  it('captures figures still open when the program fails, and keeps the traceback', async () => {
    const result = await session.run('import matplotlib.pyplot as plt\nplt.plot([1, 2])\nraise SystemExit(3)');
    expect(result).toMatchObject({ exitCode: 3, stdout: '', stderr: '' });
    expect(result.plots).toHaveLength(1);
  });

  it('accumulates plots across runs with accumulatePlots until they are cleared, as the seed did', async () => {
    await using seedLike = await ArtifactSandboxSession({ lang: 'python', accumulatePlots: true, warmStart }, registry());
    expect((await seedLike.run(SINE)).plots).toHaveLength(1);
    expect((await seedLike.run(SINE)).plots).toHaveLength(2);
    expect((await seedLike.run(SINE, { clearPlots: true })).plots).toHaveLength(1);
    seedLike.clearPlots();
    expect(seedLike.plots).toEqual([]);
    expect((await seedLike.run('print(1)')).plots).toEqual([]);
  });

  it('returns plotly write_image files once a renderer is installed (kaleido from PyPI)', async () => {
    await using withKaleido = await openArtifacts({ libraries: ['kaleido==0.2.1', 'plotly==5.24.1'], warmStart });
    const result = await withKaleido.run(`
import plotly.graph_objects as go
fig = go.Figure(go.Bar(x=[1, 2], y=[3, 1]))
fig.write_image('chart.png', width=300, height=200)
fig.write_image('chart.jpg', width=320, height=240)
`);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(result.plots).toMatchObject([
      { format: 'png', width: 300, height: 200 },
      { format: 'jpeg', width: 320, height: 240 },
    ]);
    expect(decodePng(result.plots[0]?.contentBase64 ?? '')).toEqual({ width: 300, height: 200 });
    expect(checkJpeg(result.plots[1]?.contentBase64 ?? '')).toEqual({ width: 320, height: 240 });
  }, 300_000); // downloads ~100 MB from PyPI

  it('enforces the session security policy before anything runs, and plots what it allows', async () => {
    await using guarded = await openArtifacts({ securityPolicy: getSecurityPolicy('production'), warmStart });
    expect(guarded.isSafe('import subprocess\nsubprocess.run(["id"])').safe).toBe(false);
    await expect(guarded.run('import subprocess\nsubprocess.run(["id"])')).rejects.toBeInstanceOf(SecurityError);
    expect((await guarded.run(SINE)).plots).toHaveLength(1);
  });
});

describe('warmStart on an artifact session', () => {
  it('forks runs from the warm interpreter; the hooks patch only each run, never the server', async () => {
    await using warm = await untilWarm(await openArtifacts({ warmStart: true }));
    const probe = '\nimport sys, os\nprint(int(sys.flags.safe_path), "LLMSB_PLOTS_DIR" in os.environ, [p for p in sys.path if "artifacts" in p])';
    const save = 'import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.savefig("/tmp/saved.png")\nplt.close("all")';
    for (let run = 0; run < 3; run += 1) {
      // A patch that leaked into the server would wrap savefig twice from the second run on.
      const result = await warm.run(`${save}${probe}`);
      expect(result).toMatchObject({ exitCode: 0, stdout: '1 False []\n', stderr: '' });
      expect(result.plots.map((plot) => plot.format)).toEqual(['png']);
      expectRealPngs(result.plots);
    }
  });
});
