import { FileType } from '@llmsb/core';

const BY_EXTENSION: Readonly<Record<string, FileType>> = {
  png: FileType.PNG,
  jpg: FileType.JPEG,
  jpeg: FileType.JPEG,
  svg: FileType.SVG,
  pdf: FileType.PDF,
  html: FileType.HTML,
  htm: FileType.HTML,
  csv: FileType.CSV,
  json: FileType.JSON,
  txt: FileType.TXT,
};

const MIME: Readonly<Record<FileType, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  html: 'text/html',
  csv: 'text/csv',
  json: 'application/json',
  txt: 'text/plain',
};

/** The file type of a name (by extension), else of its content (by magic number). */
export function fileTypeOf(name: string, content: Uint8Array): FileType | undefined {
  const extension = /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase();
  const byName = extension === undefined ? undefined : BY_EXTENSION[extension];
  return byName ?? sniff(content);
}

export function mimeTypeOf(type: FileType | undefined): string {
  return type === undefined ? 'application/octet-stream' : MIME[type];
}

function sniff(content: Uint8Array): FileType | undefined {
  const head = Buffer.from(content.subarray(0, 8));
  if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return FileType.PNG;
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return FileType.JPEG;
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return FileType.PDF;
  return undefined;
}
