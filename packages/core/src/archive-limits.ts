import { extract } from 'tar-stream';
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

/** A tar's bytes are written in as they arrive; `end()` settles once every header has been checked. */
export interface TarBudget {
  write(chunk: Uint8Array): void;
  end(): Promise<void>;
}

/**
 * Reads tar headers as the bytes go by and reports `ArchiveLimitError` (through `onExceeded`) as
 * soon as a header passes a limit — before that entry's content has arrived, so a sparse file of
 * any apparent size is refused on its header alone. Entry contents are discarded.
 */
export function tarBudget(path: string, limits: ArchiveLimits, onExceeded: (error: ArchiveLimitError) => void): TarBudget {
  const budget = new ArchiveBudget(path, limits);
  const parser = extract();
  let failed = false;
  parser.on('entry', (header, stream, next) => {
    try {
      budget.add(header.size ?? 0);
    } catch (error) {
      failed = true;
      onExceeded(error as ArchiveLimitError);
    }
    stream.on('end', next);
    stream.resume();
  });
  const closed = new Promise<void>((resolve) => {
    parser.on('close', resolve);
    parser.on('error', () => resolve());
  });
  return {
    write(chunk) {
      if (!failed) parser.write(chunk);
    },
    async end() {
      parser.end(() => undefined);
      await closed;
    },
  };
}
