import type { ScannerSyntax } from '../syntax.js';

/**
 * Go. Single, aliased (`x "os"`, `. "os"`, `_ "os"`) and grouped imports; `os` also covers
 * `os/exec` but not `github.com/x/os`. Go has no dynamic imports.
 */
export const goSyntax: ScannerSyntax = {
  lineComment: '//',
  blockComments: [['/*', '*/']],
  stringDelimiters: ['`', '"', "'"],
  multilineStrings: ['`'],
  rawStrings: ['`'],
  importPattern: (module) => {
    const path = `["\`]${module}(?:/[^"\`\\n]*)?["\`]`;
    return [`(?<![\\w.])import\\s*(?:[\\w.]+\\s*)?${path}`, `(?<![\\w.])import\\s*\\(\\s*(?:[^)]*?\\s)?(?:[\\w.]+\\s*)?${path}`].join('|');
  },
};
