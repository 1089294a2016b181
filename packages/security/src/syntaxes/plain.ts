import type { ScannerSyntax } from '../syntax.js';

/**
 * For a language without scanner syntax: no comments or strings are known, and a restricted module
 * is found wherever its name appears as a word — noisy, but it cannot miss an import.
 */
export const plainSyntax: ScannerSyntax = {
  stringDelimiters: [],
  importPattern: (module) => `(?<![\\w.])${module}(?![\\w])`,
};
