// An interactive artifact session: a kernel's cells with plots (from their results) and files.
import { describe, expect, it } from 'vitest';
import { createInteractiveArtifactSession } from '@llmsb/artifacts';
import { registry, requireImage } from './helpers.js';

describe('an interactive artifact session on Docker', () => {
  it("returns each cell's figures as plots (the image results, sized) and the files it left, once", async () => {
    await requireImage();
    await using kernel = await createInteractiveArtifactSession({ backend: 'docker', lang: 'python', maxArtifactFileBytes: 4096 }, registry());
    const first = await kernel.run(
      [
        'import os, matplotlib.pyplot as plt',
        'plt.figure(figsize=(4, 3), dpi=50)',
        'plt.plot([1, 3, 2])',
        'plt.show()',
        'out = os.environ["LLMSB_ARTIFACTS_DIR"]',
        'open(f"{out}/table.csv", "w").write("a,b\\n1,2\\n")',
        'open(f"{out}/big.bin", "wb").write(b"x" * 10_000)',
        'rows = 2',
      ].join('\n'),
    );
    expect(first.exitCode).toBe(0);
    expect(first.results).toHaveLength(1);
    // The figure is the cell's image result (the inline backend crops it to its content), sized from the PNG.
    expect(first.plots).toHaveLength(1);
    expect(first.plots[0]).toMatchObject({ format: 'png', width: expect.any(Number), height: expect.any(Number) });
    expect(Buffer.from(String(first.plots[0]?.contentBase64), 'base64')).toEqual(Buffer.from(String(first.results[0]?.['image/png']), 'base64'));
    expect(first.plots[0]?.width).toBeGreaterThan(first.plots[0]?.height ?? Infinity);
    expect(first.files).toEqual([expect.objectContaining({ path: 'table.csv', mimeType: 'text/csv', sizeBytes: 8 })]);
    expect(Buffer.from(String(first.files[0]?.contentBase64), 'base64').toString()).toBe('a,b\n1,2\n');
    expect(first.skippedArtifacts).toEqual([{ kind: 'file', path: 'big.bin', sizeBytes: 10_000, reason: 'too-large' }]);

    const second = await kernel.run('print(rows)');
    expect(second).toMatchObject({ stdout: '2\n', plots: [], files: [], skippedArtifacts: [] });
  });
});
