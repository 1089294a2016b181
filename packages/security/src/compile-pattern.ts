import { InvalidRegexPatternError } from './errors.js';

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 1_000;

/**
 * A pattern compiled with `m` (so `^`/`$` are line anchors) and `g` (to walk every match).
 * Compiled regexes are cached by source; callers reset `lastIndex` and never share one mid-walk.
 */
export function compilePattern(source: string): RegExp {
  let regex = cache.get(source);
  if (!regex) {
    try {
      regex = new RegExp(source, 'gm');
    } catch (error) {
      throw new InvalidRegexPatternError(source, error);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, regex);
  }
  return regex;
}

/** Escapes text for use inside a regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
