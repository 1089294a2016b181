import { ArchiveLimitError } from './errors.js';

/** Bounds of one file transfer: the sum of entries' apparent sizes, and the number of entries. */
export interface ArchiveLimits {
  readonly maxBytes: number;
  readonly maxEntries: number;
}

/** 1 GiB and 100,000 entries: far above a plot or a dataset, far below what hurts a host. */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxBytes: 1024 ** 3, maxEntries: 100_000 };

/** Adds up entries and sizes, throwing `ArchiveLimitError` the moment one passes its limit. */
export class ArchiveBudget {
  private bytes = 0;
  private entries = 0;

  constructor(
    private readonly path: string,
    private readonly limits: ArchiveLimits,
  ) {}

  add(size: number): void {
    this.entries += 1;
    this.bytes += size;
    if (this.entries > this.limits.maxEntries) throw new ArchiveLimitError(this.path, 'maxArchiveEntries', this.limits.maxEntries);
    if (this.bytes > this.limits.maxBytes) throw new ArchiveLimitError(this.path, 'maxArchiveBytes', this.limits.maxBytes);
  }
}

/** A tar's bytes are written in as they arrive; each header is checked synchronously. */
export interface TarBudget {
  write(chunk: Uint8Array): void;
}

const BLOCK = 512;
/** Typeflags of metadata records (pax headers, GNU long names) that describe the next entry. */
const METADATA = new Set(['x', 'g', 'L', 'K']);

/**
 * Walks tar headers as the bytes go by — holding one 512-byte header at most, skipping contents
 * without keeping them — and reports `ArchiveLimitError` (through `onExceeded`) as soon as a header
 * passes a limit, before that entry's content has arrived: a sparse file of any apparent size is
 * refused on its header alone.
 */
export function tarBudget(path: string, limits: ArchiveLimits, onExceeded: (error: ArchiveLimitError) => void): TarBudget {
  const budget = new ArchiveBudget(path, limits);
  const header = new Uint8Array(BLOCK);
  let filled = 0;
  /** Content (padded to whole blocks) of the current entry still to skip. */
  let skip = 0;
  let failed = false;
  return {
    write(chunk) {
      let offset = 0;
      while (!failed && offset < chunk.byteLength) {
        if (skip > 0) {
          const step = Math.min(skip, chunk.byteLength - offset);
          skip -= step;
          offset += step;
          continue;
        }
        const step = Math.min(BLOCK - filled, chunk.byteLength - offset);
        header.set(chunk.subarray(offset, offset + step), filled);
        filled += step;
        offset += step;
        if (filled < BLOCK) break;
        filled = 0;
        if (header.every((byte) => byte === 0)) continue; // the end-of-archive blocks
        const size = entrySize(header);
        skip = Math.ceil(size / BLOCK) * BLOCK;
        if (METADATA.has(String.fromCharCode(header[156] ?? 0))) continue;
        try {
          budget.add(size);
        } catch (error) {
          failed = true;
          onExceeded(error as ArchiveLimitError);
        }
      }
    },
  };
}

/** The size field of a tar header: octal text, or GNU's base-256 for sizes past 8 GiB. */
function entrySize(header: Uint8Array): number {
  const field = header.subarray(124, 136);
  if ((field[0] ?? 0) & 0x80) {
    let size = (field[0] ?? 0) & 0x7f;
    for (const byte of field.subarray(1)) size = size * 256 + byte;
    return size;
  }
  const text = Buffer.from(field)
    .toString('ascii')
    .replace(/[\0 ].*$/s, '')
    .trim();
  return text ? Number.parseInt(text, 8) : 0;
}
