import { lstat, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { extract, pack, type Header } from 'tar-stream';

type HeaderInput = Partial<Header> & Pick<Header, 'name'>;
import { SandboxFileNotFoundError } from './errors.js';
import type { PathStat } from './types.js';

/** Packs a host file or directory (recursively) into a tar whose top entry is `archiveName`. */
export async function packHostPath(source: string, archiveName: string): Promise<Uint8Array> {
  const stats = await lstat(source).catch(() => undefined);
  if (!stats) throw new SandboxFileNotFoundError(source, 'host');
  const archive = pack();
  const done = collect(archive);
  await addPath(archive, source, archiveName);
  archive.finalize();
  return done;
}

/** Packs the contents of a host directory (not the directory itself), e.g. as a build context. */
export async function packHostDirectoryContents(directory: string): Promise<Uint8Array> {
  const stats = await lstat(directory).catch(() => undefined);
  if (!stats?.isDirectory()) throw new SandboxFileNotFoundError(directory, 'host');
  const archive = pack();
  const done = collect(archive);
  for (const child of (await readdir(directory)).sort()) await addPath(archive, join(directory, child), child);
  archive.finalize();
  return done;
}

export interface TarFile {
  readonly name: string;
  readonly content: Uint8Array | string;
  readonly mode?: number;
}

/** Packs in-memory files into a tar. */
export async function packFiles(files: readonly TarFile[]): Promise<Uint8Array> {
  const archive = pack();
  const done = collect(archive);
  for (const file of files) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content) : Buffer.from(file.content);
    await entry(archive, { name: file.name, mode: file.mode ?? 0o644, type: 'file', size: content.byteLength }, content);
  }
  archive.finalize();
  return done;
}

export interface TarEntry {
  readonly header: Header;
  readonly content: Buffer;
}

/** Reads every entry of a tar archive into memory. */
export async function readTar(tar: Uint8Array): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const extractor = extract();
  const finished = new Promise<void>((resolveDone, reject) => {
    extractor.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        entries.push({ header, content: Buffer.concat(chunks) });
        next();
      });
      stream.on('error', reject);
    });
    extractor.on('finish', resolveDone);
    extractor.on('error', reject);
  });
  extractor.end(Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength));
  await finished;
  return entries;
}

/** Metadata of the archive's first entry (the path that was packed). */
export async function statFromTar(tar: Uint8Array): Promise<PathStat> {
  const first = (await readTar(tar))[0];
  if (!first) throw new SandboxFileNotFoundError('(empty archive)', 'sandbox');
  const { header } = first;
  return {
    name: header.name.replace(/\/$/, ''),
    size: header.size ?? 0,
    mode: header.mode ?? 0,
    mtime: header.mtime ?? new Date(0),
    type: header.type === 'file' || header.type === 'directory' || header.type === 'symlink' ? header.type : 'other',
    ...(header.linkname ? { linkTarget: header.linkname } : {}),
  };
}

export interface ExtractReport {
  readonly written: string[];
  /** Entries refused: absolute paths, `..`, links, devices. */
  readonly skipped: string[];
}

/**
 * Writes an archive to the host without ever leaving `destination`. A single-file archive is
 * written to exactly `destination`; a directory lands under it (`destination/<dir>/...`).
 * Links, devices, absolute names and `..` components are never written.
 */
export async function extractSafely(tar: Uint8Array, destination: string): Promise<ExtractReport> {
  const entries = await readTar(tar);
  const written: string[] = [];
  const skipped: string[] = [];
  const singleFile = entries.length === 1 && entries[0]?.header.type === 'file';
  const root = resolve(destination);
  for (const { header, content } of entries) {
    const target = singleFile ? root : safeJoin(root, header.name);
    if (!target || (header.type !== 'file' && header.type !== 'directory')) {
      skipped.push(header.name);
      continue;
    }
    if (header.type === 'directory') {
      await mkdir(target, { recursive: true });
    } else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content, { mode: (header.mode ?? 0o644) & 0o777 });
    }
    written.push(target);
  }
  return { written, skipped };
}

// --- Internal helpers ---

function safeJoin(root: string, name: string): string | undefined {
  if (isAbsolute(name) || name.split('/').includes('..')) return undefined;
  const target = resolve(root, normalize(name));
  const inside = relative(root, target);
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside) && !inside.startsWith(`..${sep}`))
    ? target
    : undefined;
}

async function addPath(archive: ReturnType<typeof pack>, source: string, name: string): Promise<void> {
  const stats = await lstat(source);
  const base = { name, mode: stats.mode & 0o7777, mtime: stats.mtime };
  if (stats.isDirectory()) {
    await entry(archive, { ...base, type: 'directory' });
    for (const child of (await readdir(source)).sort()) await addPath(archive, join(source, child), `${name}/${child}`);
  } else if (stats.isSymbolicLink()) {
    await entry(archive, { ...base, type: 'symlink', linkname: await readlink(source) });
  } else if (stats.isFile()) {
    const content = await readFile(source);
    await entry(archive, { ...base, type: 'file', size: content.byteLength }, content);
  }
}

function entry(archive: ReturnType<typeof pack>, header: HeaderInput, content?: Buffer): Promise<void> {
  return new Promise((resolveEntry, reject) => {
    archive.entry(header, content ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolveEntry()));
  });
}

function collect(archive: ReturnType<typeof pack>): Promise<Uint8Array> {
  return new Promise((resolveAll, reject) => {
    const chunks: Buffer[] = [];
    archive.on('data', (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    archive.on('end', () => resolveAll(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
}
