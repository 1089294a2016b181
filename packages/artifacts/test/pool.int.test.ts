import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, PluginRegistry, type Pool } from '@llmsb/core';
import { dockerBackend } from '@llmsb/backend-docker';
import { python } from '@llmsb/lang-python';
import { createArtifactSession } from '@llmsb/artifacts';
import { requireImage } from './helpers.js';

let pool: Pool;
beforeAll(async () => {
  await requireImage();
  pool = await createPool({ backend: 'docker', lang: 'python', min: 1, max: 2 }, new PluginRegistry().use(dockerBackend(), python()));
});
afterAll(async () => {
  await pool?.close();
});

const PLOT = 'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\nopen("/sandbox/mine.txt", "w").write("first user")';

describe('artifact sessions from a pool', () => {
  it('capture plots on a prewarmed sandbox, and the next session sees none of the last one', async () => {
    const first = await createArtifactSession({ pool });
    const result = await first.run(PLOT);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.plots.map((plot) => plot.format)).toEqual(['png']);
    await first.close();

    await using second = await createArtifactSession({ pool, enablePlotting: true });
    const clean = await second.run('import os\nprint(os.path.exists("/sandbox/mine.txt"))');
    expect(clean).toMatchObject({ stdout: 'False\n', plots: [] });
  });

  it('refuses a pool-level option per session, before taking a sandbox', async () => {
    const before = pool.stats();
    await expect(createArtifactSession({ pool, image: 'other:1' })).rejects.toThrow(/Invalid acquire option\(s\): image/);
    expect(pool.stats().leased).toBe(before.leased);
  });
});
