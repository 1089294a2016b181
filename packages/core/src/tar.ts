import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { extract, pack, type Header } from 'tar-stream';
import { addPath, extractStreamSafely, packHostPathStream, type ExtractReport } from './host-transfer.js';

type HeaderInput = Partial<Header> & Pick<Header, 'name'>;
import { SandboxFileNotFoundError } from './errors.js';
import type { PathStat } from './types.js';

/** Packs a host file or directory (recursively) into a tar in memory whose top entry is `archiveName`. */
export async function packHostPath(source: string, archiveName: string): Promise<Uint8Array> {
  return collect(await packHostPathStream(source, archiveName, { maxBytes: Infinity, maxEntries: Infinity }));
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

/** `extractStreamSafely` for an archive already in memory. */
export function extractSafely(tar: Uint8Array, destination: string): Promise<ExtractReport> {
  return extractStreamSafely(Readable.from([Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength)]), destination);
}

// --- Internal helpers ---

function entry(archive: ReturnType<typeof pack>, header: HeaderInput, content?: Buffer): Promise<void> {
  return new Promise((resolveEntry, reject) => {
    archive.entry(header, content ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolveEntry()));
  });
}

async function collect(archive: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
