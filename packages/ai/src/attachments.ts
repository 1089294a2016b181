import { mimeTypeOf } from '@llmsb/artifacts';
import type { PlotOutput } from '@llmsb/core';
import type { PlotInfo } from './schemas.js';

/** Formats models take as images; everything else (plotly's HTML, SVG, PDF) is a resource. */
const IMAGE_FORMATS: ReadonlySet<string> = new Set(['png', 'jpeg']);

/** A plot's content, ready to send beside the result: an image, or a named resource. */
export interface Attachment {
  readonly kind: 'image' | 'resource';
  /** `plot-1.png`, ...: unique within one result. */
  readonly name: string;
  readonly mimeType: string;
  readonly base64: string;
  /** Decoded content of a text format (HTML, SVG, CSV, JSON, text). */
  readonly text?: string;
}

export function mimeTypeOfPlot(format: PlotOutput['format']): string {
  return mimeTypeOf(format);
}

/** Splits plots into data (for the result) and content (to attach), keeping their order. */
export function plotAttachments(plots: readonly PlotOutput[]): { readonly info: PlotInfo[]; readonly attachments: Attachment[] } {
  const info: PlotInfo[] = [];
  const attachments: Attachment[] = [];
  plots.forEach((plot, index) => {
    const kind = IMAGE_FORMATS.has(plot.format) ? 'image' : 'resource';
    const mimeType = mimeTypeOfPlot(plot.format);
    const bytes = Buffer.from(plot.contentBase64, 'base64');
    info.push({
      format: plot.format,
      mimeType,
      sizeBytes: bytes.length,
      attachedAs: kind,
      ...(plot.width !== undefined ? { width: plot.width } : {}),
      ...(plot.height !== undefined ? { height: plot.height } : {}),
      ...(plot.dpi !== undefined ? { dpi: plot.dpi } : {}),
    });
    const isText = mimeType.startsWith('text/') || mimeType === 'image/svg+xml' || mimeType === 'application/json';
    attachments.push({
      kind,
      name: `plot-${index + 1}.${plot.format}`,
      mimeType,
      base64: plot.contentBase64,
      ...(isText ? { text: bytes.toString('utf8') } : {}),
    });
  });
  return { info, attachments };
}
