import type { LanguageScannerSyntax } from '@llmsb/core';

/** R for the security scanner: `#` comments; `library()`/`require()` (and friends) or `pkg::` on any line. */
export const rScanner: LanguageScannerSyntax = {
  lineComment: '#',
  stringDelimiters: ['"', "'", '`'],
  importPattern: (module) => {
    const name = `['"\`]?${module}['"\`]?`;
    return [
      `(?<![\\w.])(?:library|require|requireNamespace|loadNamespace)\\s*\\(\\s*(?:package\\s*=\\s*)?${name}\\s*[,)]`,
      `(?<![\\w.'"\`])${name}\\s*:::?`,
    ].join('|');
  },
};
