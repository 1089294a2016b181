import type { LanguageScannerSyntax } from '@llmsb/core';

/** Java: `import java.io.File;`, `import java.io.*;`, `import static java.lang.System.exit;` (whitespace around dots allowed). */
export const javaScanner: LanguageScannerSyntax = {
  lineComment: '//',
  blockComments: [['/*', '*/']],
  stringDelimiters: ['"""', '"', "'"],
  importPattern: (module) => {
    const dotted = module.replaceAll('\\.', '\\s*\\.\\s*');
    return `(?<![\\w$.])import\\s+(?:static\\s+)?${dotted}(?:\\s*\\.\\s*(?:[\\w$]+|\\*))*\\s*;`;
  },
};
