/** Quotes a string for POSIX `sh` so it is passed as one literal word. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_\/.,:=+@%-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** argv for running a script with `/bin/sh -c`; `args` become `$1`, `$2`, ... */
export function shArgv(script: string, ...args: readonly string[]): string[] {
  return ['/bin/sh', '-c', script, 'llmsb', ...args];
}
