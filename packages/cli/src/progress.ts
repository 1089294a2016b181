/** A progress line on stderr, so stdout keeps only results (and, for `run`, the program's output). */
export function progress(line: string): void {
  process.stderr.write(`[llmsb] ${line}\n`);
}
