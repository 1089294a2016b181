import { z } from 'zod';

/** Input of a code-running tool whose language is fixed by the tools' options. */
export function codeInputSchema(options: { readonly allowLibraries: boolean; readonly maxTimeoutMs: number }): z.ZodType<CodeInput> {
  const base = z.object({
    code: z.string().min(1).describe('The program to run, as a complete source file.'),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(`Kill the run after this many milliseconds (at most ${options.maxTimeoutMs}, also the default).`),
  });
  return options.allowLibraries
    ? base.extend({
        libraries: z.array(z.string().min(1)).max(20).optional().describe('Packages to install before the run; they stay installed for later calls.'),
      })
    : base;
}

export type CodeInput = { code: string; timeoutMs?: number | undefined; libraries?: string[] | undefined };

export function executeCodeDescription(language: string): string {
  return (
    `Runs ${language} code in an isolated sandbox and returns exit code, stdout, stderr and every plot it made ` +
    '(matplotlib/seaborn figures as images, plotly as HTML). The sandbox persists between calls: files in the ' +
    'working directory and installed libraries stay; each run is a fresh process. A non-zero exit code is a normal ' +
    'result; a timeout returns the output printed before it.'
  );
}
