import { describe, expect, it } from 'vitest';
import { ArchiveLimitError } from './errors.js';
import { tarBudget } from './archive-limits.js';
import { packFiles } from './tar.js';

/** Feeds `tar` to a budget in chunks of `size` bytes; returns the error reported, if any. */
function feed(tar: Uint8Array, limits: { maxBytes: number; maxEntries: number }, size: number): ArchiveLimitError | undefined {
  let reported: ArchiveLimitError | undefined;
  const budget = tarBudget('/sandbox/x', limits, (error) => (reported = error));
  for (let offset = 0; offset < tar.byteLength; offset += size) budget.write(tar.subarray(offset, offset + size));
  return reported;
}

describe('tarBudget', async () => {
  const longName = `${'d'.repeat(120)}/file.txt`;
  const tar = await packFiles([
    { name: 'a.txt', content: 'abc' },
    { name: longName, content: 'x'.repeat(1000) },
    { name: 'b.bin', content: new Uint8Array(5000) },
  ]);

  it.each([1, 7, 512, 513, 4096, tar.byteLength])('counts entries and apparent sizes, not pax records, in chunks of %i bytes', (size) => {
    expect(feed(tar, { maxBytes: 6003, maxEntries: 3 }, size)).toBeUndefined();
    expect(feed(tar, { maxBytes: 6002, maxEntries: 3 }, size)).toMatchObject({ limit: 'maxArchiveBytes', value: 6002 });
    expect(feed(tar, { maxBytes: 1e9, maxEntries: 2 }, size)).toMatchObject({ limit: 'maxArchiveEntries', value: 2 });
  });

  it('refuses on the header: a size past the limit is reported before any content arrives', () => {
    // b.bin's header: the 512 bytes before its 5000 bytes of content (padded to 5120).
    const start = Buffer.from(tar).indexOf('b.bin');
    const header = tar.subarray(start, start + 512);
    expect(feed(header, { maxBytes: 4999, maxEntries: 10 }, 512)).toBeInstanceOf(ArchiveLimitError);
  });
});
