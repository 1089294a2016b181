import type { LanguageScannerSyntax } from '@llmsb/core';

const QUOTE = '[\'"`]';

/** JavaScript and TypeScript: `require('fs')`, `require('node:fs/promises')`, `import x from 'fs'`, `import('fs')`. */
export const javascriptScanner: LanguageScannerSyntax = {
  lineComment: '//',
  blockComments: [['/*', '*/']],
  stringDelimiters: ['`', '"', "'"],
  importPattern: (module) => {
    const specifier = `${QUOTE}(?:node:)?${module}(?:/[^'"\`\\n]*)?${QUOTE}`;
    return [
      `(?<![\\w$])(?:require|import)\\s*\\(\\s*${specifier}`,
      `(?<![\\w$.])(?:from|import)\\s*${specifier}`,
    ].join('|');
  },
};
