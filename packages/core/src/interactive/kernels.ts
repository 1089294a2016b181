import type { KernelOptions } from './interactive-options.js';
import { NODE_KERNEL } from './node-kernel.js';

/**
 * How the bridge starts a language's kernel: `jupyter` (a Jupyter kernel; the bridge adds
 * `-f <connection file>`) or `lines` (JSON lines, see the LineKernel of python-bridge.ts).
 */
export interface KernelCommand {
  readonly protocol: 'jupyter' | 'lines';
  readonly argv: readonly string[];
}

/** esbuild's module where the Node image installs it (`npm install --global`, root-owned). */
const ESBUILD_MODULE = '/usr/local/lib/node_modules/esbuild';

const KERNELS: Readonly<Record<string, (kernel: KernelOptions) => KernelCommand>> = {
  // -P: the kernel's own start-up imports do not come from the workdir (the code's); ipykernel
  // then puts the workdir on sys.path for the cells, as in Jupyter.
  python: ({ historySize }) => ({
    protocol: 'jupyter',
    argv: ['python3', '-P', '-m', 'ipykernel_launcher', `--InteractiveShell.cache_size=${historySize}`],
  }),
  // IRkernel takes the connection file as its first argument after --args, so it skips the
  // bridge's `-f`. No profile or environment file is read: startup files the code planted do not
  // run in a restarted kernel.
  r: () => ({
    protocol: 'jupyter',
    argv: [
      'R',
      '--no-save',
      '--no-restore',
      '--no-site-file',
      '--no-init-file',
      '--no-environ',
      '--slave',
      '-e',
      'IRkernel::main(commandArgs(TRUE)[2])',
      '--args',
    ],
  }),
  javascript: () => ({ protocol: 'lines', argv: ['node', '-e', NODE_KERNEL, 'javascript'] }),
  typescript: () => ({ protocol: 'lines', argv: ['node', '-e', NODE_KERNEL, 'typescript', ESBUILD_MODULE] }),
};

/** Whether `createInteractiveSession` has a kernel for this language (by its name). */
export function hasInteractiveKernel(language: string): boolean {
  return Object.hasOwn(KERNELS, language);
}

export function kernelCommand(language: string, options: KernelOptions): KernelCommand | undefined {
  return KERNELS[language]?.(options);
}

export function interactiveLanguages(): string[] {
  return Object.keys(KERNELS);
}
