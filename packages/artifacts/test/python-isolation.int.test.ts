// The capture must be invisible to the program: same stdout, same traceback, same sys.path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SandboxTimeoutError, type Session } from '@llmsb/core';
import type { ArtifactSession } from '@llmsb/artifacts';
import { PYTHON_MODES, untilWarm } from '@llmsb/backend-docker/testing';
import { openArtifacts, registry, requireImage } from './helpers.js';

beforeAll(requireImage);

const PROBE = `import os, sys
print(__name__, sys.argv[0] == __file__, os.getcwd())
print(sys.path[1:])
print(getattr(sys.modules.get('sitecustomize'), '__file__', None))
print(os.environ.get('PYTHONPATH'), sorted(k for k in os.environ if k.startswith('LLMSB_') and k != 'LLMSB_ARTIFACTS_DIR'))

def fail():
    raise ValueError("boom")

fail()
`;

const normalise = (text: string) => text.replaceAll(/llmsb_[0-9a-f]{16}\.py/g, 'FILE.py');

// Compared with a plain session started the same way: cold, or forked from the warm interpreter.
describe.each(PYTHON_MODES)('Python capture side effects ($mode)', ({ warmStart }) => {
  let artifacts: ArtifactSession;
  let plain: Session;
  beforeAll(async () => {
    [artifacts, plain] = await Promise.all([openArtifacts({ warmStart }), createSession({ lang: 'python', warmStart }, registry())]);
    if (warmStart) await Promise.all([untilWarm(artifacts), untilWarm(plain)]);
  });
  afterAll(() => Promise.all([artifacts?.close(), plain?.close()]));

  it('leaves stdout, stderr, tracebacks, __main__ and sys.path exactly as a plain session has them', async () => {
    const [ours, theirs] = await Promise.all([artifacts.run(PROBE), plain.run(PROBE)]);
    expect(theirs.exitCode).toBe(1);
    expect(ours.exitCode).toBe(1);
    expect(normalise(ours.stdout)).toBe(normalise(theirs.stdout));
    expect(normalise(ours.stderr)).toBe(normalise(theirs.stderr));
    expect(ours.stdout).toMatch(/^__main__ True \/sandbox\n/);
    // The user's own lines: fail() is called on line 10, the raise is on line 8.
    expect(ours.stderr).toMatch(/line 10, in <module>\n\s+fail\(\)\n.*line 8, in fail\n\s+raise ValueError\("boom"\)\nValueError: boom\n$/s);
  });

  it('advertises the artifacts directory, and only to artifact runs', async () => {
    const probe = 'import os; print(os.environ.get("LLMSB_ARTIFACTS_DIR"))';
    expect((await artifacts.run(probe)).stdout).toMatch(/^\/tmp\/\.llmsb-artifacts-[0-9a-f]+\/files\n$/);
    expect((await plain.run(probe)).stdout).toBe('None\n');
  });

  it('leaves matplotlib untouched in a plain session (plt.show() keeps the figure open)', async () => {
    const result = await plain.run('import matplotlib.pyplot as plt\nplt.plot([1])\nplt.show()\nprint(plt.get_fignums())');
    expect(result).toMatchObject({ stdout: '[1]\n', stderr: '' });
    expect((await plain.executeCommand('ls -a /tmp')).stdout).not.toMatch(/llmsb-artifacts/);
  });

  it('prints nothing of its own when a program imports every plotting library', async () => {
    const result = await artifacts.run('import matplotlib.pyplot, seaborn, plotly.express, plotly.io\nprint("only this")');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'only this\n', stderr: '', plots: [] });
  });

  it('gives each of two concurrent runs its own plots', async () => {
    const plot = (n: number) => `import matplotlib.pyplot as plt\nfor i in range(${n}):\n    plt.figure(); plt.plot([i, 1]); plt.show()`;
    const [one, three] = await Promise.all([artifacts.run(plot(1)), artifacts.run(plot(3))]);
    expect(one.plots).toHaveLength(1);
    expect(three.plots).toHaveLength(3);
  });

  it('stays usable after a run times out, and the next run returns only its own plots', async () => {
    const slow = 'import matplotlib.pyplot as plt\nplt.plot([1]); plt.show()\nimport time\ntime.sleep(30)';
    await expect(artifacts.run(slow, { timeoutMs: 2_000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    const next = await artifacts.run('import matplotlib.pyplot as plt\nplt.plot([2]); plt.show()');
    expect(next.plots).toHaveLength(1);
  });
});
