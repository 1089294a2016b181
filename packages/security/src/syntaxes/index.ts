import { canonicalLanguage } from '../languages.js';
import type { ScannerSyntax } from '../syntax.js';
import { cppSyntax } from './cpp.js';
import { goSyntax } from './go.js';
import { javaSyntax } from './java.js';
import { javascriptSyntax } from './javascript.js';
import { pythonSyntax } from './python.js';
import { rSyntax } from './r.js';
import { rubySyntax } from './ruby.js';

/** Scanner syntax of every language llmsb ships, for language plugins to use (or extend). */
export const scannerSyntaxes = {
  python: pythonSyntax,
  javascript: javascriptSyntax,
  typescript: javascriptSyntax,
  java: javaSyntax,
  cpp: cppSyntax,
  go: goSyntax,
  ruby: rubySyntax,
  r: rSyntax,
} as const satisfies Record<string, ScannerSyntax>;

/** The built-in syntax for a language name or alias (`py`, `js`, `c++`...), if there is one. */
export function builtinScannerSyntax(language: string): ScannerSyntax | undefined {
  return (scannerSyntaxes as Readonly<Record<string, ScannerSyntax>>)[canonicalLanguage(language)];
}
