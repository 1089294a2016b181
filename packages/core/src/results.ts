/** Output of a command or a run: plain, JSON-serialisable data. */
export interface ConsoleOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** `exitCode === 0`. */
  readonly success: boolean;
  /** Set when output beyond `maxOutputBytes` was dropped. */
  readonly truncated?: boolean;
  /** For a multi-step run (compile, then run): the step that exited non-zero. */
  readonly failedStep?: string;
  /** What the call's processes used, where the backend measures it (the in-sandbox supervisor does). */
  readonly usage?: ResourceUsage;
}

/** Resources a call used; a multi-step run sums CPU and wall time and keeps the highest peak. */
export interface ResourceUsage {
  /** User + system CPU time of the call's processes. */
  readonly cpuMs: number;
  /** Peak resident memory of the largest process, in KiB. */
  readonly peakMemoryKB: number;
  /** From the first process's start to the last one's end, as measured inside the sandbox. */
  readonly wallMs: number;
}

export const FileType = {
  PNG: 'png',
  JPEG: 'jpeg',
  PDF: 'pdf',
  SVG: 'svg',
  CSV: 'csv',
  JSON: 'json',
  TXT: 'txt',
  HTML: 'html',
} as const;
export type FileType = (typeof FileType)[keyof typeof FileType];

export interface PlotOutput {
  readonly format: FileType;
  readonly contentBase64: string;
  readonly width?: number;
  readonly height?: number;
  readonly dpi?: number;
}

/** A run's output plus the plots it made. */
export interface ExecutionResult extends ConsoleOutput {
  readonly plots: readonly PlotOutput[];
}

export function consoleOutput(exitCode: number, stdout: string, stderr: string, truncated = false): ConsoleOutput {
  return truncated ? { exitCode, stdout, stderr, success: exitCode === 0, truncated } : { exitCode, stdout, stderr, success: exitCode === 0 };
}
