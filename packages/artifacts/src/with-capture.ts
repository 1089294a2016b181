import type { LanguageHandler } from '@llmsb/core';
import { captureCommands, type CaptureLayout } from './capture-script.js';
import type { PlotCapture } from './types.js';

/**
 * The language, unchanged except that its run commands are wrapped by the artifact capture.
 * Built on the original as prototype, so a handler that is a class instance keeps its methods.
 */
export function withCapture(language: LanguageHandler, layout: CaptureLayout, capture?: PlotCapture): LanguageHandler {
  const runCommands = (file: string): readonly string[] => captureCommands(language.runCommands(file), layout, capture);
  // Capture wraps each run in its own steps, so runs do not fork from a warm interpreter here.
  return Object.create(language, {
    runCommands: { value: runCommands, enumerable: true },
    warmStart: { value: undefined, enumerable: true },
  }) as LanguageHandler;
}
