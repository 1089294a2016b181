import type { ScannerSyntax } from '../syntax.js';

/** After `require`: a plain string literal that is not built up with `+`, `<<`, `%` or a method call. */
const LITERAL_ARG = `\\s*\\(?\\s*['"][\\w./-]+['"](?!\\s*(?:\\+|<<|\\*|%|\\.|\\[))`;

/**
 * Ruby. `=begin`/`=end` comments, code after `__END__`, heredocs, `?x` character literals and
 * `%q`/`%w`/`%i` literals are understood; `"#{}"` and strings handed to eval count as code.
 */
export const rubySyntax: ScannerSyntax = {
  lineComment: '#',
  lineBlockComments: [['=begin', '=end']],
  endMarker: '__END__',
  stringDelimiters: ['"', "'", '`'],
  multilineStrings: ['"', "'", '`'],
  interpolation: { delimiters: ['"', '`'], open: '#{', close: '}' },
  heredocs: true,
  literals: [
    `(?<![\\w)\\]])\\?(?:\\\\.|[^\\s\\w\\\\])(?![\\w'"])`,
    `%[qwi](?:\\((?:[^()\\\\]|\\\\.)*\\)|\\[(?:[^\\[\\]\\\\]|\\\\.)*\\]|\\{(?:[^{}\\\\]|\\\\.)*\\}|<(?:[^<>\\\\]|\\\\.)*>|([^\\w\\s])(?:(?!\\1)[^\\\\]|\\\\.)*\\1)`,
  ],
  evaluator: `(?<![\\w])(?:eval|instance_eval|class_eval|module_eval|instance_exec|class_exec)\\s*\\(?\\s*`,
  importPattern: (module) =>
    `(?<![\\w:])(?:require|require_relative|load|autoload\\s*\\(?\\s*:?\\w+\\s*,)\\s*\\(?\\s*['"]${module}(?:/[^'"\\n]*)?(?:\\.(?:rb|so|bundle))?['"]`,
  dynamicImportPattern: [
    `(?<![\\w:])(?:require|require_relative)\\b(?!${LITERAL_ARG})`,
    `(?<![\\w.:])load\\b(?!${LITERAL_ARG})`,
    `:(?:require|require_relative|load)\\b`,
  ].join('|'),
};
