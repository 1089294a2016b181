// Interactive sessions on Podman: the same kernel behind the same supervisor.
import { describe, expect, it } from 'vitest';
import { createInteractiveSession } from '@llmsb/core';
import { podmanRegistry, pythonOnPodman, requirePodman } from './helpers.js';

describe('an interactive Python session on Podman', () => {
  it('keeps state across cells, returns rich results and ends the processes a cell started', async () => {
    await requirePodman();
    await using kernel = await createInteractiveSession(pythonOnPodman, podmanRegistry());
    await kernel.run('x = 1\nimport subprocess\nchild = subprocess.Popen(["sleep", "300"])');
    const next = await kernel.run('print(x + 1, child.poll())\nx + 40');
    expect(next).toMatchObject({ exitCode: 0, stdout: '2 -9\n', results: [{ 'text/plain': '41' }] });
    expect(next.usage?.peakMemoryKB).toBeGreaterThan(0);
    const failed = await kernel.run('undefined_name');
    expect(failed).toMatchObject({ exitCode: 1, error: { name: 'NameError' } });
  });
});
