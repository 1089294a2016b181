// Bounded, streamed file transfer on the real engine: a sparse file of any apparent size cannot
// swell the host process, limits refuse before anything partial is written, uploads stream too.
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveLimitError, createSession, readTar, type Session, type SessionOptions } from '@llmsb/core';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

const MiB = 1024 * 1024;
let host: string;
beforeAll(async () => {
  await requireDocker();
  host = await mkdtemp(join(tmpdir(), 'llmsb-transfer-'));
});
afterAll(() => rm(host, { recursive: true, force: true }));

const open = (options: Partial<SessionOptions> = {}): Promise<Session> => createSession({ ...pythonOnDocker, ...options }, dockerRegistry());

/** The host process's peak RSS growth while `work` runs, sampled every 10 ms. */
async function peakRssGrowth(work: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

describe('bounded, streamed file transfer on Docker', { timeout: 120_000 }, () => {
  it.each([
    ['through the supervisor', true],
    ['through engine exec', false],
  ])(
    'refuses a 2 GiB sparse file on its header (%s): ArchiveLimitError, nothing written, the host process barely grows',
    async (_path, supervisor) => {
      await using session = await open({ supervisor });
      await session.executeCommand('truncate -s 2G sparse.bin');
      const destination = join(host, `sparse-${String(supervisor)}`);
      let failure: unknown;
      const growth = await peakRssGrowth(async () => {
        failure = await session.copyFromRuntime('sparse.bin', destination).catch((error: unknown) => error);
      });
      expect(failure).toBeInstanceOf(ArchiveLimitError);
      expect(failure).toMatchObject({ code: 'LLMSB_ARCHIVE_LIMIT_EXCEEDED', limit: 'maxArchiveBytes' });
      expect(growth).toBeLessThan(256 * MiB);
      expect((await readdir(host)).filter((name) => name.includes(`sparse-${String(supervisor)}`))).toEqual([]);
      expect((await session.run('print("still usable")')).stdout).toBe('still usable\n');
    },
  );

  it('streams a 400 MiB sparse file to disk with the host process growing by far less than the file', async () => {
    await using session = await open();
    await session.executeCommand('truncate -s 400M big.bin');
    const destination = join(host, 'big.bin');
    const growth = await peakRssGrowth(() => session.copyFromRuntime('big.bin', destination));
    expect((await stat(destination)).size).toBe(400 * MiB);
    expect(growth).toBeLessThan(256 * MiB);
    await rm(destination);
  });

  it('refuses a directory over maxArchiveEntries and leaves nothing partial in the destination', async () => {
    await using session = await open({ maxArchiveEntries: 50 });
    await session.executeCommand('mkdir -p many && cd many && seq 1 60 | xargs touch');
    const destination = join(host, 'entries');
    await mkdir(destination);
    await writeFile(join(destination, 'kept.txt'), 'mine');
    await expect(session.copyFromRuntime('many', destination)).rejects.toMatchObject({
      code: 'LLMSB_ARCHIVE_LIMIT_EXCEEDED',
      limit: 'maxArchiveEntries',
    });
    expect(await readdir(destination)).toEqual(['kept.txt']);
    expect((await readdir(host)).filter((name) => name.includes('.llmsb-'))).toEqual([]);
  });

  it('refuses an upload over the limits before sending anything, and streams one under them', async () => {
    await using session = await open({ maxArchiveBytes: 4 * MiB });
    const source = join(host, 'upload');
    await mkdir(source);
    await writeFile(join(source, 'small.txt'), 'hello');
    await session.copyToRuntime(source, 'up');
    expect((await session.executeCommand('cat up/small.txt')).stdout).toBe('hello');
    await writeFile(join(source, 'large.bin'), Buffer.alloc(5 * MiB));
    await expect(session.copyToRuntime(source, 'up2')).rejects.toBeInstanceOf(ArchiveLimitError);
    expect((await session.executeCommand('test -e up2')).exitCode).not.toBe(0);
  });

  it('getArchiveStream gives the tar as a stream; getArchive is bounded the same way', async () => {
    await using session = await open({ maxArchiveBytes: 4 * MiB });
    await session.executeCommand('mkdir -p d && printf one > d/1.txt && truncate -s 5M d/big.bin');
    await expect(session.getArchive('d')).rejects.toBeInstanceOf(ArchiveLimitError);
    await expect(
      session.getArchiveStream('d').then(async (tar) => {
        for await (const _ of tar) void _;
      }),
    ).rejects.toBeInstanceOf(ArchiveLimitError);
    await session.executeCommand('rm d/big.bin');
    const chunks: Buffer[] = [];
    for await (const chunk of await session.getArchiveStream('d')) chunks.push(chunk as Buffer);
    const entries = await readTar(Buffer.concat(chunks));
    expect(entries.map((entry) => entry.header.name).sort()).toEqual(['d/', 'd/1.txt']);
  });
});
