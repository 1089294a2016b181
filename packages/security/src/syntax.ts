/**
 * What the scanner needs to know about a language's lexical structure. Language plugins provide
 * one (`LanguageHandler.scanner`); `scannerSyntaxes` holds ready-made ones for the languages
 * llmsb ships. Regexes are given as source strings.
 */
export interface ScannerSyntax {
  /** Line comment prefix(es), e.g. `#` or `//`. */
  readonly lineComment?: string | readonly string[];
  /** Block comment delimiters, e.g. `['/*', '*\/']`. */
  readonly blockComments?: readonly (readonly [open: string, close: string])[];
  /** Block comments whose delimiters must each start a line (Ruby's `=begin` / `=end`). */
  readonly lineBlockComments?: readonly (readonly [open: string, close: string])[];
  /** A line that ends the program, the rest being data (Ruby's `__END__`). */
  readonly endMarker?: string;
  /** String delimiters, e.g. `'"""'`, `'"'`; the longest that matches wins. */
  readonly stringDelimiters: readonly string[];
  /** Delimiters whose strings may span lines. Others end at a line break, and an unterminated one counts as code. Default: none. */
  readonly multilineStrings?: readonly string[];
  /** Delimiters whose strings have no backslash escapes (Go's raw strings). Default: none. */
  readonly rawStrings?: readonly string[];
  /** Regex sources of other literals, tried where code continues (raw strings, digit separators). */
  readonly literals?: readonly string[];
  /** Code embedded in strings, e.g. `{ delimiters: ['`'], open: '${', close: '}' }`. */
  readonly interpolation?: { readonly delimiters: readonly string[]; readonly open: string; readonly close: string };
  /** Regex source tested on the letters right before a string; a match makes it code (Python's f-strings). */
  readonly codeStringPrefix?: string;
  /** Regex source matching the code right before a string literal that is evaluated (`exec(`). */
  readonly evaluator?: string;
  /** `/regex/` literals, told apart from division the way JavaScript parsers do. */
  readonly regexLiterals?: boolean;
  /** Ruby-style heredocs (`<<~EOS` ... `EOS`). */
  readonly heredocs?: boolean;
  /** Ending a line with this continues the statement on the next line (`\`). */
  readonly lineContinuation?: string;
  /** Rewrites the source the way the compiler does before lexing (Java's `\u` escapes, Python's NFKC). */
  preprocess?(code: string): string;
  /** Regex source matching an import of `escapedModule` (already regex-escaped). */
  importPattern(escapedModule: string): string;
  /** Regex source matching an import whose module name is only known at run time. */
  readonly dynamicImportPattern?: string;
}
