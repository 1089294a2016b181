import type { ScannerSyntax } from '../syntax.js';
import { decodeUnicodeEscapes, spacedDots } from './shared.js';

/** javac decodes `\uXXXX` everywhere before lexing (even `\u000a` ending a `//` comment). */
const UNICODE_ESCAPE = /(?<!\\)(?<slashes>(?:\\\\)*)\\u+(?<hex>[0-9a-fA-F]{4})/g;

/**
 * Java. A restricted package is found where it is imported (`import`, `import static`, `.*`) and
 * where a fully qualified name uses it (`java.io.File f`). Classes of `java.lang` need no import.
 */
export const javaSyntax: ScannerSyntax = {
  lineComment: '//',
  blockComments: [['/*', '*/']],
  stringDelimiters: ['"""', '"', "'"],
  multilineStrings: ['"""'],
  evaluator: `(?<![\\w$])eval\\s*\\(\\s*`,
  preprocess: (code) => decodeUnicodeEscapes(code, UNICODE_ESCAPE),
  importPattern: (module) => `(?<![\\w$.])${spacedDots(module)}(?![\\w$])`,
  dynamicImportPattern: `\\bClass\\s*\\.\\s*forName\\s*\\(|\\.\\s*loadClass\\s*\\(|\\bURLClassLoader\\b|\\bMethodHandles\\s*\\.\\s*lookup\\b`,
};
