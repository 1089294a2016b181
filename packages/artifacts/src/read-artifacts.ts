import { FileType, readTar, type PlotOutput } from '@llmsb/core';
import { STAGED_OK } from './capture-script.js';
import { fileTypeOf, mimeTypeOf } from './file-types.js';
import { jpegSize, pngSize, type ImageSize } from './image-size.js';
import type { ArtifactFile, SkippedArtifact, SkipReason } from './types.js';

export interface ArtifactLimits {
  readonly maxFileBytes: number;
  readonly maxRunBytes: number;
}

export interface CollectedArtifacts {
  readonly plots: PlotOutput[];
  readonly files: ArtifactFile[];
  readonly skipped: SkippedArtifact[];
}

const PLOT_FORMATS: ReadonlySet<FileType> = new Set([FileType.PNG, FileType.JPEG, FileType.SVG, FileType.PDF, FileType.HTML]);
const REASONS: ReadonlySet<string> = new Set<SkipReason>(['too-large', 'over-run-limit', 'not-regular', 'unreadable']);

/**
 * Turns the staged tar (`out/<status>/<plots|files>/<path>`) into results. The caps are checked
 * again here: the sandbox staged the files, but a process that outlived the run could have
 * changed them since, so nothing over a cap is returned whatever the tar holds.
 */
export async function readArtifacts(tar: Uint8Array, limits: ArtifactLimits): Promise<CollectedArtifacts> {
  const entries = (await readTar(tar))
    .filter((entry) => entry.header.type === 'file')
    .map((entry) => ({ ...parseName(entry.header.name), content: entry.content }))
    .filter((entry): entry is Parsed & { content: Buffer } => entry.status !== undefined)
    // Plots first, each group in name order: plot names begin with their creation time.
    .sort((a, b) => (a.kind === b.kind ? compare(a.path, b.path) : a.kind === 'plot' ? -1 : 1));

  const result: CollectedArtifacts = { plots: [], files: [], skipped: [] };
  let total = 0;
  for (const { status, kind, path, content } of entries) {
    if (status !== STAGED_OK) {
      result.skipped.push({ kind, path, sizeBytes: Number(content.toString('latin1')) || 0, reason: status as SkipReason });
      continue;
    }
    const sizeBytes = content.byteLength;
    const reason = sizeBytes > limits.maxFileBytes ? 'too-large' : total + sizeBytes > limits.maxRunBytes ? 'over-run-limit' : undefined;
    if (reason) {
      result.skipped.push({ kind, path, sizeBytes, reason });
      continue;
    }
    total += sizeBytes;
    const format = fileTypeOf(path, content);
    const size = rasterSize(format, content);
    if (kind === 'plot') {
      if (format && PLOT_FORMATS.has(format)) result.plots.push({ format, contentBase64: content.toString('base64'), ...size });
    } else {
      result.files.push({
        path,
        mimeType: mimeTypeOf(format),
        ...(format ? { format } : {}),
        sizeBytes,
        contentBase64: content.toString('base64'),
        ...size,
      });
    }
  }
  return result;
}

interface Parsed {
  readonly status: string;
  readonly kind: 'plot' | 'file';
  readonly path: string;
}

function parseName(name: string): Partial<Parsed> {
  const [top, status, group, ...rest] = name.replace(/^\.\//, '').split('/');
  const kind = group === 'plots' ? 'plot' : group === 'files' ? 'file' : undefined;
  if (top !== 'out' || !kind || rest.length === 0 || (status !== STAGED_OK && !REASONS.has(status ?? ''))) return {};
  return { status: status as string, kind, path: rest.join('/') };
}

function rasterSize(format: FileType | undefined, content: Uint8Array): Partial<ImageSize> {
  const size = format === FileType.PNG ? pngSize(content) : format === FileType.JPEG ? jpegSize(content) : undefined;
  return size ?? {};
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
