import { readFile } from 'node:fs/promises';
import type { PlotCapture } from './types.js';

let hookSource: Promise<string> | undefined;

/**
 * R: a startup profile passed in `R_PROFILE_USER` makes the default graphics device a PNG file
 * device in the plots directory, so everything Rscript would have drawn into `Rplots.pdf` (base
 * graphics, autoprinted ggplot2 and lattice objects) comes back one PNG per page, while the
 * program's file runs unchanged. The profile restores `R_PROFILE_USER` and sources the user
 * profile it shadows.
 */
export async function rCapture(): Promise<PlotCapture> {
  // Shipped next to dist/ (package "files"); read once, on first use, never at import time.
  hookSource ??= readFile(new URL('../r/profile.R', import.meta.url), 'utf8');
  return {
    hookFiles: { 'profile.R': await hookSource },
    setup: [
      // `set:` tells "set, maybe to empty" (which means no user profile) from unset.
      'export LLMSB_PLOTS_DIR="$llmsb_plots" LLMSB_R_PROFILE_USER="${R_PROFILE_USER+set:}${R_PROFILE_USER-}" R_PROFILE_USER="$llmsb_hook/profile.R"',
    ],
  };
}
