import { readFile } from 'node:fs/promises';
import type { PlotCapture } from './types.js';

export interface PythonCaptureOptions {
  /** How HTML from plotly's `fig.show()` loads plotly.js. */
  readonly plotlyJs: 'cdn' | 'inline';
}

let hookSource: Promise<string> | undefined;

/**
 * Python: a `sitecustomize` module first on PYTHONPATH patches matplotlib and plotly when the
 * program imports them, so the program's file runs unchanged (its line numbers, `__main__`, its
 * stdout). The module runs the sitecustomize it shadows and takes itself off `sys.path`.
 */
export async function pythonCapture(options: PythonCaptureOptions): Promise<PlotCapture> {
  // Shipped next to dist/ (package "files"); read once, on first use, never at import time.
  hookSource ??= readFile(new URL('../python/sitecustomize.py', import.meta.url), 'utf8');
  return {
    hookFiles: { 'sitecustomize.py': await hookSource },
    setup: [`export LLMSB_PLOTS_DIR="$llmsb_plots" LLMSB_PLOTLY_JS=${options.plotlyJs} PYTHONPATH="$llmsb_hook\${PYTHONPATH:+:$PYTHONPATH}"`],
    runEnv: ({ hook, plots }, env) => ({
      LLMSB_PLOTS_DIR: plots,
      LLMSB_PLOTLY_JS: options.plotlyJs,
      PYTHONPATH: env['PYTHONPATH'] ? `${hook}:${env['PYTHONPATH']}` : hook,
    }),
  };
}
