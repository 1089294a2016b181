import type { ScannerSyntax } from '../syntax.js';
import { spliceLines } from './shared.js';

/**
 * C and C++. Lines ending in `\` are spliced and `%:` read as `#` before lexing, as the
 * preprocessor does; raw strings `R"x(...)x"` and digit separators `1'000` are literals.
 * Headers are found in `#include`, `#include_next`, `#import`, `import <...>` and `__has_include`.
 */
export const cppSyntax: ScannerSyntax = {
  lineComment: '//',
  blockComments: [['/*', '*/']],
  stringDelimiters: ['"', "'"],
  literals: [`(?<![\\w])(?:u8|[uUL])?R"([^()\\\\\\s]{0,16})\\([\\s\\S]*?\\)\\1"`, `(?<![\\w.])\\d(?:[\\w.]|'(?=\\w))*`],
  preprocess: (code) => spliceLines(code).replace(/%:/g, '#'),
  importPattern: (module) => {
    const header = `(?:<\\s*${module}\\s*>|"${module}")`;
    return [
      `^[ \\t]*#[ \\t]*(?:include|include_next|import)[ \\t]*${header}`,
      `(?<![\\w])import\\s*${header}`,
      `\\b__has_include\\s*\\(\\s*${header}`,
    ].join('|');
  },
  dynamicImportPattern: `(?<![\\w])(?:dlopen|dlmopen|dlsym)\\s*\\(`,
};
