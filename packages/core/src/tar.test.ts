import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { extractSafely } from './tar.js';

async function hostileTar(): Promise<Uint8Array> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve) => archive.on('end', () => resolve()));
  archive.entry({ name: 'dir', type: 'directory' });
  archive.entry({ name: 'dir/ok.txt' }, 'fine');
  archive.entry({ name: 'dir/../../escape.txt' }, 'bad');
  archive.entry({ name: '/etc/absolute.txt' }, 'bad');
  archive.entry({ name: 'dir/link', type: 'symlink', linkname: '/etc/passwd' });
  archive.entry({ name: 'dir/hard', type: 'link', linkname: '/etc/passwd' });
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

describe('extractSafely', () => {
  it('writes only regular files and directories inside the destination', async () => {
    const root = await mkdtemp(join(tmpdir(), 'llmsb-tar-'));
    const destination = join(root, 'out');
    const report = await extractSafely(await hostileTar(), destination);
    expect(report.skipped.sort()).toEqual(['/etc/absolute.txt', 'dir/../../escape.txt', 'dir/hard', 'dir/link']);
    expect(await readdir(join(destination, 'dir'))).toEqual(['ok.txt']);
    expect(await readdir(root)).toEqual(['out']);
  });
});
