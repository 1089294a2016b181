import { LanguageNotSupportPlotError, type LanguageHandler } from '@llmsb/core';
import type { ResolvedArtifactOptions } from './options.js';
import { pythonCapture } from './python-capture.js';
import { rCapture } from './r-capture.js';
import type { PlotCapture } from './types.js';

/**
 * The plot capture of a language, or `LanguageNotSupportPlotError` when the language has no plot
 * support (`supportsPlots` falsy) or this package has no capture for it yet.
 */
export async function plotCaptureFor(language: LanguageHandler, options: ResolvedArtifactOptions): Promise<PlotCapture> {
  if (language.supportsPlots && language.name === 'python') return pythonCapture({ plotlyJs: options.plotlyJs });
  if (language.supportsPlots && language.name === 'r') return rCapture();
  throw new LanguageNotSupportPlotError(language.name);
}
