import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveLimitError, SandboxFileNotFoundError, SecurityError, ValidationError } from '../errors.js';
import type { Session } from '../session.js';

export interface FileApiSuiteOptions {
  /** Per-test timeout. Default: 30 000 ms. */
  readonly timeoutMs?: number;
  /** The session's `maxArchiveBytes` (the suite reads a file just over it). Default: 1 MiB. */
  readonly maxArchiveBytes?: number;
}

/**
 * The session's file API on a real backend: `readFile`, `writeFile`, `stat`, `listFiles`,
 * `removeFile`, their typed errors and limits. `open` must give a session of the Python image
 * with `maxArchiveBytes` set to the option's value and `maxArchiveEntries: 50`.
 */
export function describeFileApi(name: string, open: () => Promise<Session>, options: FileApiSuiteOptions = {}): void {
  const timeout = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxArchiveBytes ?? 1024 * 1024;

  describe(`the file API on ${name}`, { timeout }, () => {
    let session: Session;
    beforeAll(async () => {
      session = await open();
    }, timeout * 4);
    afterAll(async () => {
      await session?.close();
    });

    it('writes bytes and text and reads them back unchanged; relative paths are the workdir’s', async () => {
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      await session.writeFile('bytes.bin', bytes);
      expect(Buffer.from(await session.readFile('/sandbox/bytes.bin')).equals(Buffer.from(bytes))).toBe(true);
      await session.writeFile('/sandbox/text.txt', 'héllo\n');
      expect(Buffer.from(await session.readFile('text.txt')).toString()).toBe('héllo\n');
      const owner = await session.executeCommand(
        'cat text.txt; [ "$(find text.txt -maxdepth 0 -printf %U)" = "$(id -u)" ] && echo owned by the code user',
      );
      expect(owner.stdout).toBe('héllo\nowned by the code user\n');
    });

    it('reports stat and listings: type, size, mode, mtime, link target; sorted by name', async () => {
      await session.executeCommand('mkdir -p tree/sub && printf abc > tree/b.txt && ln -s b.txt tree/a-link && touch tree/c');
      await session.writeFile('tree/x.sh', '#!/bin/sh\n', { mode: 0o755 });
      const file = await session.stat('tree/b.txt');
      expect(file).toMatchObject({ name: 'b.txt', type: 'file', size: 3, mode: 0o644 });
      expect(Math.abs(file.mtime.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      expect(await session.stat('tree/x.sh')).toMatchObject({ type: 'file', mode: 0o755 });
      expect(await session.stat('tree/a-link')).toMatchObject({ type: 'symlink', linkTarget: 'b.txt' });
      expect(await session.stat('tree/sub')).toMatchObject({ name: 'sub', type: 'directory' });
      const listing = await session.listFiles('tree');
      expect(listing.map((entry) => [entry.name, entry.type])).toEqual([
        ['a-link', 'symlink'],
        ['b.txt', 'file'],
        ['c', 'file'],
        ['sub', 'directory'],
        ['x.sh', 'file'],
      ]);
    });

    it('removes files and symlinks, never directories', async () => {
      await session.executeCommand('mkdir -p gone && touch gone/f && ln -s /etc/passwd gone/l');
      await session.removeFile('gone/f');
      await session.removeFile('gone/l');
      expect(await session.listFiles('gone')).toEqual([]);
      expect((await session.executeCommand('test -f /etc/passwd')).exitCode).toBe(0);
      await expect(session.removeFile('gone')).rejects.toBeInstanceOf(ValidationError);
      await expect(session.removeFile('gone/f')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
    });

    it('gives typed errors: missing paths, wrong kinds, a symlink as a write target, root-owned files', async () => {
      await expect(session.readFile('nope.txt')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
      await expect(session.stat('nope.txt')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
      await expect(session.listFiles('nope')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
      await expect(session.writeFile('no/such/dir/f', 'x')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
      await session.executeCommand('mkdir -p kinds && ln -sf /tmp/llmsb-victim kinds/planted');
      await expect(session.readFile('kinds')).rejects.toBeInstanceOf(ValidationError);
      await expect(session.listFiles('text.txt')).rejects.toBeInstanceOf(ValidationError);
      await expect(session.writeFile('kinds/planted', 'x')).rejects.toBeInstanceOf(SecurityError);
      expect((await session.executeCommand('test -e /tmp/llmsb-victim')).exitCode).not.toBe(0);
      await expect(session.writeFile('/etc/passwd', 'x')).rejects.toBeInstanceOf(SecurityError);
      await expect(session.readFile('../etc/passwd')).rejects.toBeInstanceOf(SecurityError);
      await expect(session.writeFile('f', 'x', { mode: -1 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('bounds reads by maxArchiveBytes and listings by maxArchiveEntries (a sparse file counts in full)', async () => {
      await session.executeCommand(`truncate -s ${maxBytes + 1} sparse.bin && mkdir -p many && cd many && seq 1 51 | xargs touch`);
      await expect(session.readFile('sparse.bin')).rejects.toBeInstanceOf(ArchiveLimitError);
      await expect(session.listFiles('many')).rejects.toBeInstanceOf(ArchiveLimitError);
      await expect(session.writeFile('big.bin', new Uint8Array(maxBytes + 1))).rejects.toBeInstanceOf(ArchiveLimitError);
      expect((await session.executeCommand('test -e big.bin')).exitCode).not.toBe(0);
    });
  });
}
