// Files as artifacts, from any language, with caps that are reported.
import { describe, expect, it, beforeAll } from 'vitest';
import { createSession, LanguageNotSupportPlotError } from '@llmsb/core';
import { ArtifactSession, createArtifactSession } from '@llmsb/artifacts';
import { decodePng, image, openArtifacts, registry, requireImage, shell } from './helpers.js';

beforeAll(requireImage);

describe('files as artifacts', () => {
  it('returns files written to $LLMSB_ARTIFACTS_DIR with their MIME types, nested paths included', async () => {
    await using session = await openArtifacts();
    const result = await session.run(`
import json, os
import matplotlib.pyplot as plt
out = os.environ['LLMSB_ARTIFACTS_DIR']
os.makedirs(f'{out}/tables/deep', exist_ok=True)
open(f'{out}/tables/deep/data.csv', 'w').write('a,b\\n1,2\\n')
json.dump({'ok': True}, open(f'{out}/result.json', 'w'))
open(f'{out}/notes.txt', 'w').write('hello')
open(f'{out}/page.html', 'w').write('<p>hi</p>')
open(f'{out}/blob', 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + b'no more')
fig, ax = plt.subplots(figsize=(2, 1), dpi=100)
fig.savefig(f'{out}/chart.png')
plt.close(fig)
`);
    expect(result).toMatchObject({ exitCode: 0, stderr: '', skippedArtifacts: [] });
    const byPath = Object.fromEntries(result.files.map((file) => [file.path, file]));
    expect(Object.keys(byPath).sort()).toEqual(['blob', 'chart.png', 'notes.txt', 'page.html', 'result.json', 'tables/deep/data.csv']);
    expect(byPath['tables/deep/data.csv']).toMatchObject({ mimeType: 'text/csv', format: 'csv', sizeBytes: 8 });
    expect(Buffer.from(byPath['tables/deep/data.csv']?.contentBase64 ?? '', 'base64').toString()).toBe('a,b\n1,2\n');
    expect(byPath['result.json']).toMatchObject({ mimeType: 'application/json', format: 'json' });
    expect(byPath['notes.txt']).toMatchObject({ mimeType: 'text/plain', format: 'txt', sizeBytes: 5 });
    expect(byPath['page.html']).toMatchObject({ mimeType: 'text/html', format: 'html' });
    expect(byPath['blob']).toMatchObject({ mimeType: 'image/png', format: 'png' }); // sniffed
    expect(byPath['chart.png']).toMatchObject({ mimeType: 'image/png', width: 200, height: 100, dpi: 100 });
    expect(decodePng(byPath['chart.png']?.contentBase64 ?? '')).toEqual({ width: 200, height: 100 });
    // A figure saved to a path is also a plot (the seed copies saved figures).
    expect(result.plots.map((plot) => plot.format)).toEqual(['png']);

    expect((await session.run('print(1)')).files).toEqual([]);
  });

  it('reports files over the per-file and per-run caps, and links, instead of dropping them', async () => {
    await using session = await openArtifacts({ maxArtifactFileBytes: 1_000, maxArtifactRunBytes: 2_000 });
    const result = await session.run(`
import os
out = os.environ['LLMSB_ARTIFACTS_DIR']
for name, size in [('huge.bin', 5_000), ('a.txt', 900), ('b.txt', 900), ('c.txt', 900)]:
    open(f'{out}/{name}', 'wb').write(b'x' * size)
os.symlink('/etc/passwd', f'{out}/secret.txt')
`);
    expect(result.exitCode).toBe(0);
    const skipped = Object.fromEntries(result.skippedArtifacts.map((s) => [s.path, s]));
    expect(skipped['huge.bin']).toEqual({ kind: 'file', path: 'huge.bin', sizeBytes: 5_000, reason: 'too-large' });
    expect(skipped['secret.txt']).toMatchObject({ kind: 'file', reason: 'not-regular' });
    expect(result.files.map((f) => f.path)).not.toContain('secret.txt');
    const kept = result.files.map((f) => f.path);
    const overRun = result.skippedArtifacts.filter((s) => s.reason === 'over-run-limit').map((s) => s.path);
    expect(kept).toHaveLength(2);
    expect(overRun).toHaveLength(1);
    expect([...kept, ...overRun].sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('rejects enablePlotting on a language without plot support before creating a sandbox', async () => {
    const session = new ArtifactSession({ lang: 'shell', image }, registry());
    await expect(session.open()).rejects.toBeInstanceOf(LanguageNotSupportPlotError);
    expect(session.containerId).toBeUndefined();
  });

  it('runs any language with enablePlotting: false and still returns its files', async () => {
    await using session = await createArtifactSession({ lang: 'shell', image, enablePlotting: false }, registry());
    const result = await session.run('echo "x,y" > "$LLMSB_ARTIFACTS_DIR/out.csv"\necho done\nexit 4');
    expect(result).toMatchObject({ exitCode: 4, stdout: 'done\n', stderr: '', plots: [] });
    expect(result.files).toMatchObject([{ path: 'out.csv', mimeType: 'text/csv', sizeBytes: 4 }]);
    expect(shell.supportsPlots).toBeFalsy();
  });

  it('leaves no artifact directory behind in a container it attached to', async () => {
    await using owner = await createSession({ lang: 'python' }, registry());
    const containerId = owner.containerId ?? '';
    const attached = await openArtifacts({ containerId });
    expect((await attached.run('import matplotlib.pyplot as plt\nplt.plot([1]); plt.show()')).plots).toHaveLength(1);
    await attached.close();
    expect((await owner.executeCommand('ls -a /tmp')).stdout).not.toMatch(/llmsb-artifacts/);
  });

  it('works on a read-only root file system (artifacts live on the tmpfs /tmp)', async () => {
    await using session = await openArtifacts({ runtimeConfig: { readOnly: true } });
    const result = await session.run(`
import os, matplotlib.pyplot as plt
plt.plot([1, 2]); plt.show()
open(os.path.join(os.environ['LLMSB_ARTIFACTS_DIR'], 'x.txt'), 'w').write('ok')
`);
    // (matplotlib itself warns on stderr that its config directory is read-only: not ours)
    expect(result).toMatchObject({ exitCode: 0, files: [{ path: 'x.txt', sizeBytes: 2 }] });
    expect(result.stderr).not.toMatch(/llmsb: could not capture/);
    expect(result.plots).toHaveLength(1);
    expect(decodePng(result.plots[0]?.contentBase64 ?? '')).toMatchObject({ width: expect.any(Number) });
  });

  it('collects across the steps of a multi-step language, and after the step that failed', async () => {
    await using session = await createArtifactSession({ lang: 'twostep', image, enablePlotting: false }, registry());
    const ok = await session.run('echo hi > "$LLMSB_ARTIFACTS_DIR/out.txt"');
    expect(ok).toMatchObject({ exitCode: 0, stderr: '' });
    expect(ok.files.map((f) => f.path)).toEqual(['build.log', 'out.txt']);
    const broken = await session.run('echo partial > "$LLMSB_ARTIFACTS_DIR/never.txt"\nif then');
    expect(broken).toMatchObject({ failedStep: 'compile', files: [], skippedArtifacts: [] });
    expect(broken.exitCode).not.toBe(0);
    const failingRun = await session.run('echo partial > "$LLMSB_ARTIFACTS_DIR/partial.txt"\nexit 7');
    expect(failingRun).toMatchObject({ exitCode: 7, failedStep: 'run' });
    expect(failingRun.files.map((f) => f.path)).toEqual(['build.log', 'partial.txt']);
  });
});
