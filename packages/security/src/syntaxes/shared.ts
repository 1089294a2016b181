/** A regex-escaped dotted name whose dots may have spaces around them, as parsers allow (`os . path`). */
export function spacedDots(escapedModule: string): string {
  return escapedModule.replace(/\\\./g, '\\s*\\.\\s*');
}

/**
 * Keeps the line count while joining lines that end in a backslash (C's line splicing): the
 * joined line keeps its place, and blank lines follow it.
 */
export function spliceLines(code: string): string {
  if (!/\\\r?\n/.test(code)) return code;
  const lines = code.split('\n');
  const out: string[] = [];
  let pending = 0;
  let current = '';
  for (const line of lines) {
    const continued = /\\\r?$/.test(line);
    current += continued ? line.replace(/\\\r?$/, '') : line;
    if (continued) {
      pending += 1;
      continue;
    }
    out.push(current, ...Array<string>(pending).fill(''));
    current = '';
    pending = 0;
  }
  if (pending > 0) out.push(current, ...Array<string>(pending - 1).fill(''));
  return out.join('\n');
}

/**
 * Decodes `\uXXXX` escapes (groups `hex`, or `braced` for `\u{...}`) that are not themselves
 * escaped: the pattern's `slashes` group holds an even run of backslashes before them. `keep`
 * decides which decoded characters to put back (JavaScript: identifier characters only).
 */
export function decodeUnicodeEscapes(code: string, pattern: RegExp, keep: (char: string) => boolean = () => true): string {
  return code.replace(pattern, (...args: unknown[]) => {
    const whole = args[0] as string;
    const groups = args.at(-1) as { slashes: string; hex?: string; braced?: string };
    const point = Number.parseInt(groups.hex ?? groups.braced ?? '', 16);
    if (!Number.isFinite(point) || point > 0x10ffff) return whole;
    const char = String.fromCodePoint(point);
    return keep(char) ? `${groups.slashes}${char}` : whole;
  });
}
