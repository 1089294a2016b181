/** Pixel size and resolution of a raster image, read from its header (no decoder needed). */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
  readonly dpi?: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const INCHES_PER_METRE = 0.0254;

/** PNG: IHDR gives the size, a pHYs chunk in pixels per metre (if any) the resolution. */
export function pngSize(bytes: Uint8Array): ImageSize | undefined {
  const png = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  // Chunks: length (4), type (4), data, CRC (4). pHYs must come before the first IDAT.
  for (let offset = 8; offset + 8 <= png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'pHYs' && length >= 9 && offset + 17 <= png.length && png[offset + 16] === 1) {
      return { ...size, dpi: Math.round(png.readUInt32BE(offset + 8) * INCHES_PER_METRE) };
    }
    offset += 12 + length;
  }
  return size;
}

/** JPEG: the first start-of-frame marker gives the size, a JFIF APP0 segment the resolution. */
export function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  const jpeg = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let dpi: number | undefined;
  for (let offset = 2; offset + 4 <= jpeg.length;) {
    if (jpeg[offset] !== 0xff) return undefined;
    const marker = jpeg[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xe0 && length >= 16 && jpeg.toString('latin1', offset + 4, offset + 9) === 'JFIF\0') {
      const units = jpeg[offset + 11];
      const density = jpeg.readUInt16BE(offset + 12);
      if (units === 1) dpi = density;
      else if (units === 2) dpi = Math.round(density * 2.54);
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc && offset + 9 <= jpeg.length) {
      const size = { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
      return dpi === undefined ? size : { ...size, dpi };
    }
    offset += 2 + length;
  }
  return undefined;
}
