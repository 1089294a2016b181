import type { MimeBundle, PlotOutput } from '@llmsb/core';
import { jpegSize, pngSize } from './image-size.js';

/** The MIME types a cell output is a plot in, best first, with their format and encoding. */
const RICH: readonly (readonly [string, PlotOutput['format'], 'base64' | 'text'])[] = [
  ['image/png', 'png', 'base64'],
  ['image/jpeg', 'jpeg', 'base64'],
  ['image/svg+xml', 'svg', 'text'],
  ['text/html', 'html', 'text'],
];

/**
 * A cell's plots: for each output (MIME bundle) with an image or HTML, its richest form as a
 * `PlotOutput` (pixel size read from PNG/JPEG), in the outputs' order. A matplotlib figure or a
 * plotly chart is one; a pandas table (HTML) is one too.
 */
export function plotsOfResults(results: readonly MimeBundle[]): PlotOutput[] {
  return results.flatMap((bundle) => {
    for (const [mimeType, format, encoding] of RICH) {
      const content = bundle[mimeType];
      if (typeof content !== 'string') continue;
      const bytes = encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
      const size = format === 'png' ? pngSize(bytes) : format === 'jpeg' ? jpegSize(bytes) : undefined;
      return [{ format, contentBase64: bytes.toString('base64'), ...size }];
    }
    return [];
  });
}
