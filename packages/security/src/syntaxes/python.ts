import type { ScannerSyntax } from '../syntax.js';
import { spacedDots } from './shared.js';

/** After `(`: a plain string literal as the whole first argument. */
const LITERAL_ARG = `\\s*[rRuUbB]?['"][\\w.]*['"]\\s*[,)]`;

/**
 * Python. Identifiers are NFKC-normalised first, as CPython does (`import ｏｓ` imports os);
 * f-strings and strings passed to exec/eval/compile count as code, other strings (docstrings) not.
 */
export const pythonSyntax: ScannerSyntax = {
  lineComment: '#',
  stringDelimiters: ['"""', "'''", '"', "'"],
  multilineStrings: ['"""', "'''"],
  codeStringPrefix: '[fF]',
  evaluator: `(?<![\\w])(?:exec|eval|compile)\\s*\\(\\s*`,
  lineContinuation: '\\',
  preprocess: (code) => code.normalize('NFKC'),
  importPattern: (escaped) => {
    const module = spacedDots(escaped);
    const tail = `(?:\\s*\\.\\s*\\w+)*`;
    return [
      // from os import x · from os.path import x
      `(?<![\\w.])from\\s+${module}${tail}\\s+import\\b`,
      // import os · import a, os.path as p (but not `from pkg import os`)
      `(?<![\\w.])(?<!\\bfrom\\s+[\\w.]+\\s+)import\\s+(?:[\\w.]+(?:\\s+as\\s+\\w+)?\\s*,\\s*)*${module}${tail}(?![\\w])`,
      // __import__('os') · importlib.import_module("os.path")
      `(?<![\\w])(?:__import__|import_module)\\s*\\(\\s*[rRuUbB]?['"]${escaped}(?:\\.[\\w.]*)?['"]`,
    ].join('|');
  },
  dynamicImportPattern: [
    // __import__(name) · import_module('o' + 's')
    `(?<![\\w])(?:__import__|import_module)\\s*\\((?!${LITERAL_ARG})`,
    // getattr(builtins, '__import__') · f = importlib.import_module
    `[\\[(,]\\s*['"](?:__import__|import_module)['"]`,
    `=\\s*(?:\\w+\\s*\\.\\s*)*(?:__import__|import_module)\\b(?!\\s*\\()`,
    // sys.modules['os'] hands out modules the interpreter already loaded
    `\\bsys\\s*\\.\\s*modules\\b`,
    `(?<![\\w])(?:run_module|run_path|load_source|load_module|spec_from_file_location)\\s*\\(`,
  ].join('|'),
};
