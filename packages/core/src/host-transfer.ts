import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readlink, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { extract, pack, type Pack } from 'tar-stream';
import { ArchiveBudget, type ArchiveLimits } from './archive-limits.js';
import { SandboxFileNotFoundError } from './errors.js';
import { writeChunks } from './stdin-source.js';

export interface ExtractReport {
  readonly written: string[];
  /** Entries refused: absolute paths, `..`, links, devices. */
  readonly skipped: string[];
}

/**
 * Writes a tar stream to the host without ever leaving `destination`, and all or nothing: entries
 * land in a staging folder beside it, which is moved into place only once the whole archive has
 * arrived; on any failure (a limit, a dead sandbox) the staging folder is removed. An archive whose
 * first entry is a file is written to exactly `destination`; a directory lands under it
 * (`destination/<dir>/...`, merged with what is there). Links, devices, absolute names and `..`
 * components are never written. Memory stays bounded: files are streamed to disk.
 */
export async function extractStreamSafely(tar: Readable, destination: string): Promise<ExtractReport> {
  const root = resolve(destination);
  await mkdir(dirname(root), { recursive: true });
  const staging = await mkdtemp(join(dirname(root), `.${basename(root)}.llmsb-`));
  const written: string[] = [];
  const skipped: string[] = [];
  let singleFile: boolean | undefined;
  try {
    const parser = extract();
    tar.on('error', (error) => parser.destroy(error));
    tar.pipe(parser);
    for await (const entry of parser) {
      const { header } = entry;
      singleFile ??= header.type === 'file';
      const target = singleFile ? join(staging, 'file') : safeJoin(staging, header.name);
      if (!target || (header.type !== 'file' && header.type !== 'directory') || (singleFile && written.length > 0)) {
        skipped.push(header.name);
        entry.resume();
        continue;
      }
      if (header.type === 'directory') {
        await mkdir(target, { recursive: true });
        entry.resume();
      } else {
        await mkdir(dirname(target), { recursive: true });
        const file = createWriteStream(target, { mode: (header.mode ?? 0o644) & 0o777 });
        await writeChunks(file, entry as AsyncIterable<Uint8Array>);
        await finished(file);
      }
      written.push(singleFile ? root : join(root, relative(staging, target)));
    }
    if (singleFile) await rename(join(staging, 'file'), root);
    else await moveInto(staging, root);
    return { written, skipped };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * A tar of a host file or directory (recursively) whose top entry is `archiveName`, produced as
 * it is read. The tree is measured first: past `limits` it is `ArchiveLimitError` before a byte
 * is sent. Symlinks are packed as links, other special files skipped.
 */
export async function packHostPathStream(source: string, archiveName: string, limits: ArchiveLimits): Promise<Readable> {
  const stats = await lstat(source).catch(() => undefined);
  if (!stats) throw new SandboxFileNotFoundError(source, 'host');
  await measure(source, new ArchiveBudget(source, limits));
  const archive = pack();
  addPath(archive, source, archiveName).then(
    () => archive.finalize(),
    (error: unknown) => archive.destroy(error as Error),
  );
  return Readable.from(archive);
}

// --- Internal helpers ---

/** Moves `from`'s entries into `to`, descending into directories both have. */
async function moveInto(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    const target = join(to, name);
    const existing = await lstat(target).catch(() => undefined);
    const incoming = await lstat(join(from, name));
    if (existing?.isDirectory() && incoming.isDirectory()) await moveInto(join(from, name), target);
    else await rename(join(from, name), target);
  }
}

function safeJoin(root: string, name: string): string | undefined {
  if (isAbsolute(name) || name.split('/').includes('..')) return undefined;
  const target = resolve(root, normalize(name));
  const inside = relative(root, target);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) && !inside.startsWith(`..${sep}`) ? target : undefined;
}

async function measure(path: string, budget: ArchiveBudget): Promise<void> {
  const stats = await lstat(path);
  budget.add(stats.isFile() ? stats.size : 0);
  if (stats.isDirectory()) for (const child of await readdir(path)) await measure(join(path, child), budget);
}

/** Adds a host path (a directory recursively) to `archive` as `name`, reading files as streams. */
export async function addPath(archive: Pack, source: string, name: string): Promise<void> {
  const stats = await lstat(source);
  const base = { name, mode: stats.mode & 0o7777, mtime: stats.mtime };
  if (stats.isDirectory()) {
    await entry(archive, { ...base, type: 'directory' });
    for (const child of (await readdir(source)).sort()) await addPath(archive, join(source, child), `${name}/${child}`);
  } else if (stats.isSymbolicLink()) {
    await entry(archive, { ...base, type: 'symlink', linkname: await readlink(source) });
  } else if (stats.isFile()) {
    const written = new Promise<void>((resolveEntry, reject) => {
      const sink = archive.entry({ ...base, type: 'file', size: stats.size }, (error) => (error ? reject(error) : resolveEntry()));
      writeChunks(sink as unknown as Writable, createReadStream(source)).catch(reject);
    });
    await written;
  }
}

function entry(archive: Pack, header: Parameters<Pack['entry']>[0]): Promise<void> {
  return new Promise((resolveEntry, reject) => {
    archive.entry(header, Buffer.alloc(0), (error) => (error ? reject(error) : resolveEntry()));
  });
}
