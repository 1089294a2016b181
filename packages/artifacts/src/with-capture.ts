import type { LanguageHandler } from '@llmsb/core';
import { captureCommands, warmCaptureFrame, type CaptureLayout } from './capture-script.js';
import type { PlotCapture } from './types.js';

/**
 * The language, unchanged except that its runs are wrapped by the artifact capture: its run
 * commands in a shell, its warm runs in a frame (or none, when the capture needs a shell).
 * Built on the original as prototype, so a handler that is a class instance keeps its methods.
 */
export function withCapture(language: LanguageHandler, layout: CaptureLayout, capture?: PlotCapture): LanguageHandler {
  const runCommands = (file: string): readonly string[] => captureCommands(language.runCommands(file), layout, capture);
  const frame = language.warmStart ? warmCaptureFrame(layout, capture) : undefined;
  const warmStart = language.warmStart && frame ? { ...language.warmStart, frame } : undefined;
  return Object.create(language, {
    runCommands: { value: runCommands, enumerable: true },
    warmStart: { value: warmStart, enumerable: true },
  }) as LanguageHandler;
}
