import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packFiles } from '@llmsb/core';
import { fileTypeOf, jpegSize, mimeTypeOf, pngSize, readArtifacts } from '@llmsb/artifacts';

/** A real (tiny) PNG, optionally with a pHYs chunk in pixels per metre. */
function png(width: number, height: number, pixelsPerMetre?: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(pixelsPerMetre ?? 0, 0);
  phys.writeUInt32BE(pixelsPerMetre ?? 0, 4);
  phys[8] = 1;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(pixelsPerMetre ? [chunk('pHYs', phys)] : []),
    chunk('IDAT', deflateSync(Buffer.alloc((width + 1) * height))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** JPEG headers only: SOI, JFIF APP0 (units, density), SOF0 with the size, EOI. */
function jpeg(width: number, height: number, units: number, density: number): Buffer {
  const app0 = Buffer.from([
    0xff,
    0xe0,
    0,
    16,
    ...Buffer.from('JFIF\0', 'latin1'),
    1,
    1,
    units,
    density >> 8,
    density & 255,
    density >> 8,
    density & 255,
    0,
    0,
  ]);
  const sof0 = Buffer.from([0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.from([0xff, 0xd9])]);
}

describe('image headers', () => {
  it('reads PNG size and converts pHYs pixels per metre to dpi', () => {
    expect(pngSize(png(640, 480, 3937))).toEqual({ width: 640, height: 480, dpi: 100 });
    expect(pngSize(png(3, 2))).toEqual({ width: 3, height: 2 });
  });

  it('reads JPEG size from the frame header and dpi from JFIF in inches or centimetres', () => {
    expect(jpegSize(jpeg(800, 600, 1, 72))).toEqual({ width: 800, height: 600, dpi: 72 });
    expect(jpegSize(jpeg(10, 20, 2, 40))).toEqual({ width: 10, height: 20, dpi: 102 });
    expect(jpegSize(jpeg(10, 20, 0, 1))).toEqual({ width: 10, height: 20 });
  });

  it('returns undefined for truncated or foreign bytes instead of throwing', () => {
    expect(pngSize(png(4, 4).subarray(0, 20))).toBeUndefined();
    expect(pngSize(Buffer.from('GIF89a'))).toBeUndefined();
    expect(jpegSize(jpeg(4, 4, 1, 72).subarray(0, 10))).toBeUndefined();
    expect(jpegSize(Buffer.from([0xff, 0xd8, 0x00, 0x01]))).toBeUndefined();
  });
});

describe('file types', () => {
  it('names the MIME type from the extension, else from the magic number', () => {
    expect(mimeTypeOf(fileTypeOf('a/b.SVG', Buffer.alloc(0)))).toBe('image/svg+xml');
    expect(mimeTypeOf(fileTypeOf('report', Buffer.from('%PDF-1.7')))).toBe('application/pdf');
    expect(mimeTypeOf(fileTypeOf('data.parquet', Buffer.from('PAR1')))).toBe('application/octet-stream');
  });
});

describe('readArtifacts', () => {
  const limits = { maxFileBytes: 1_000, maxRunBytes: 1_500 };

  it('orders plots by name before files, fills sizes, and reports what the sandbox skipped', async () => {
    const tar = await packFiles([
      { name: 'out/ok/files/z.csv', content: 'a\n' },
      { name: 'out/ok/plots/0002-1-2.png', content: png(5, 6, 3937) },
      { name: 'out/ok/plots/0001-1-1.html', content: '<html>' },
      { name: 'out/too-large/files/big.bin', content: '123456' },
      { name: 'out/not-regular/files/link', content: '0' },
      { name: 'elsewhere/ok/files/ignored', content: 'x' },
    ]);
    const result = await readArtifacts(tar, limits);
    expect(result.plots).toEqual([
      { format: 'html', contentBase64: Buffer.from('<html>').toString('base64') },
      expect.objectContaining({ format: 'png', width: 5, height: 6, dpi: 100 }),
    ]);
    expect(result.files).toEqual([{ path: 'z.csv', mimeType: 'text/csv', format: 'csv', sizeBytes: 2, contentBase64: 'YQo=' }]);
    expect(result.skipped).toEqual([
      { kind: 'file', path: 'big.bin', sizeBytes: 123456, reason: 'too-large' },
      { kind: 'file', path: 'link', sizeBytes: 0, reason: 'not-regular' },
    ]);
  });

  it('enforces the caps again on what arrives, whatever the sandbox staged', async () => {
    const tar = await packFiles([
      { name: 'out/ok/files/a', content: Buffer.alloc(1_001) },
      { name: 'out/ok/files/b', content: Buffer.alloc(1_000) },
      { name: 'out/ok/files/c', content: Buffer.alloc(600) },
    ]);
    const result = await readArtifacts(tar, limits);
    expect(result.files.map((f) => f.path)).toEqual(['b']);
    expect(result.skipped).toEqual([
      { kind: 'file', path: 'a', sizeBytes: 1_001, reason: 'too-large' },
      { kind: 'file', path: 'c', sizeBytes: 600, reason: 'over-run-limit' },
    ]);
  });
});
