import type { ScannerSyntax } from '../syntax.js';
import { decodeUnicodeEscapes } from './shared.js';

const UNICODE_ESCAPE = /(?<!\\)(?<slashes>(?:\\\\)*)\\u(?:(?<hex>[0-9a-fA-F]{4})|\{(?<braced>[0-9a-fA-F]{1,6})\})/g;
const Q = '[\'"`]';

/**
 * JavaScript and TypeScript. `\u0072equire` in an identifier is `require`, so identifier escapes
 * are decoded first; template literals with `${}` and strings handed to eval/Function/vm count as code.
 */
export const javascriptSyntax: ScannerSyntax = {
  lineComment: '//',
  blockComments: [['/*', '*/']],
  stringDelimiters: ['`', '"', "'"],
  multilineStrings: ['`'],
  interpolation: { delimiters: ['`'], open: '${', close: '}' },
  regexLiterals: true,
  evaluator: `(?<![\\w$])(?:eval|Function|setTimeout|setInterval|runInThisContext|runInNewContext|runInContext|compileFunction|Script)\\s*\\(\\s*(?:[^()]*,\\s*)?`,
  preprocess: (code) => decodeUnicodeEscapes(code, UNICODE_ESCAPE, (char) => /[\w$]/.test(char)),
  importPattern: (module) => {
    const specifier = `${Q}(?:node:)?${module}(?:/[^'"\`\\n]*)?${Q}`;
    return [
      // require('fs') · require("node:fs/promises") · import('fs') · module.require('fs')
      `(?<![\\w$])(?:require|import)\\s*\\(\\s*${specifier}`,
      // import x from 'fs' · export * from 'fs' · import 'fs'
      `(?<![\\w$.])(?:from|import)\\s*${specifier}`,
    ].join('|');
  },
  dynamicImportPattern: [
    // require(name) · import('child' + '_process') · import(`data:...`)
    `(?<![\\w$.])(?:require|import)\\s*\\((?!\\s*(?<q>['"\`])[\\w@./:-]+\\k<q>\\s*[,)])`,
    // require passed around: const r = require
    `(?<![\\w$.])require\\b(?!\\s*\\()`,
    `\\bmodule\\s*\\.\\s*(?:constructor|require)\\b(?!\\s*\\(\\s*['"\`])`,
    `\\bcreateRequire\\b`,
    `\\b_load\\s*\\(`,
    `\\bprocess\\s*\\.\\s*(?:binding|_linkedBinding|dlopen|mainModule)\\b`,
    `\\bprocess\\s*\\[`,
  ].join('|'),
};
