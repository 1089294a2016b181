import type { LanguageScannerSyntax } from '@llmsb/core';

/** Ruby for the security scanner: `#` and `=begin`/`=end` comments; `require`/`require_relative` of a literal. */
export const rubyScanner: LanguageScannerSyntax = {
  lineComment: '#',
  blockComments: [['=begin', '=end']],
  stringDelimiters: ['"', "'", '`'],
  // `require 'net/http'` is an import of `net` too; `.rb` suffixes and parentheses are optional.
  importPattern: (module) =>
    `(?<![\\w:.])(?:require|require_relative|load)\\s*\\(?\\s*['"]${module}(?:/[^'"\\n]*)?(?:\\.rb)?['"]`,
};
