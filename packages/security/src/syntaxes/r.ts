import type { ScannerSyntax } from '../syntax.js';

const LOADERS = 'library|require|requireNamespace|loadNamespace|attachNamespace';

/**
 * R. Strings may span lines; raw strings `r"(...)"` are literals. Packages are found in
 * `library()`/`require()`/`requireNamespace()` on any line, `pacman::p_load()` and `pkg::fn`.
 */
export const rSyntax: ScannerSyntax = {
  lineComment: '#',
  stringDelimiters: ['"', "'", '`'],
  multilineStrings: ['"', "'"],
  literals: [`(?<![\\w.])[rR](["'])(-*)(?:\\([\\s\\S]*?\\)\\2\\1|\\[[\\s\\S]*?\\]\\2\\1|\\{[\\s\\S]*?\\}\\2\\1)`],
  evaluator: `(?<![\\w.])(?:parse\\s*\\(\\s*text\\s*=\\s*|str2lang\\s*\\(\\s*|str2expression\\s*\\(\\s*)`,
  importPattern: (module) => {
    const name = `['"\`]?${module}['"\`]?`;
    return [
      `(?<![\\w.])(?:${LOADERS})\\s*\\(\\s*(?:package\\s*=\\s*)?${name}\\s*[,)]`,
      `(?<![\\w.])p_load\\s*\\((?:[^)]*?[\\s,])?${name}\\s*[,)]`,
      `(?<![\\w.'"\`])${name}\\s*:::?`,
    ].join('|');
  },
  dynamicImportPattern: [
    `(?<![\\w.])(?:library|require)\\s*\\([^)]*\\bcharacter\\.only\\s*=\\s*(?:TRUE|T)\\b`,
    `(?<![\\w.])(?:requireNamespace|loadNamespace|attachNamespace)\\s*\\((?!\\s*(?:package\\s*=\\s*)?['"][\\w.]+['"]\\s*[,)])`,
    `\\bdo\\.call\\s*\\(\\s*['"\`]?(?:${LOADERS})\\b`,
    `\\bgetNamespace\\s*\\(`,
  ].join('|'),
};
