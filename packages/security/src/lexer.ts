import { RegexContext } from './regex-context.js';
import type { ScannerSyntax } from './syntax.js';

/** Code as the scanner sees it. Offsets in `text` are offsets in the preprocessed source. */
export interface LexedCode {
  /** The preprocessed source with every comment blanked to spaces (line breaks kept). */
  readonly text: string;
  /** `[start, end)` of literals that hold no code (strings not interpolated or evaluated, regexes); sorted. */
  readonly inert: readonly (readonly [number, number])[];
  /** Something did not terminate, so the lexer may be out of step with the language; trust no span. */
  readonly confused: boolean;
}

export function lex(code: string, syntax: ScannerSyntax): LexedCode {
  return new Lexer(syntax.preprocess ? syntax.preprocess(code) : code, compile(syntax)).run();
}

interface CompiledSyntax {
  readonly syntax: ScannerSyntax;
  readonly lineComments: readonly string[];
  readonly delimiters: readonly string[];
  readonly literals: readonly RegExp[];
  readonly codeStringPrefix: RegExp | undefined;
  readonly evaluator: RegExp | undefined;
}

const compiled = new WeakMap<ScannerSyntax, CompiledSyntax>();
const HEREDOC = /<<([~-])(["'`]?)([A-Za-z_]\w*)\2|<<(["'`])([A-Za-z_]\w*)\4|<<([A-Z_][A-Z0-9_]*)\b/y;
const EVALUATOR_LOOKBACK = 200;
const MAX_NESTING = 64;

function compile(syntax: ScannerSyntax): CompiledSyntax {
  let result = compiled.get(syntax);
  if (!result) {
    const lineComment = syntax.lineComment ?? [];
    result = {
      syntax,
      lineComments: typeof lineComment === 'string' ? [lineComment] : lineComment,
      delimiters: [...syntax.stringDelimiters].sort((a, b) => b.length - a.length),
      literals: (syntax.literals ?? []).map((source) => new RegExp(source, 'y')),
      codeStringPrefix: syntax.codeStringPrefix ? new RegExp(syntax.codeStringPrefix) : undefined,
      evaluator: syntax.evaluator ? new RegExp(`(?:${syntax.evaluator})$`) : undefined,
    };
    compiled.set(syntax, result);
  }
  return result;
}

class Lexer {
  private pos = 0;
  private readonly out: string[] = [];
  private readonly inert: [number, number][] = [];
  private confused = false;
  private nesting = 0;
  private readonly heredocs: { id: string; indented: boolean; interpolating: boolean }[] = [];
  private readonly context: RegexContext | undefined;

  constructor(
    private readonly src: string,
    private readonly lang: CompiledSyntax,
  ) {
    this.context = lang.syntax.regexLiterals ? new RegexContext() : undefined;
  }

  run(): LexedCode {
    this.code(undefined);
    return { text: this.out.join(''), inert: this.inert, confused: this.confused };
  }

  /** Scans code to the end, or inside an interpolation up to its unmatched `close`. */
  private code(close: string | undefined): void {
    const { src } = this;
    let depth = 0;
    while (this.pos < src.length) {
      const char = src[this.pos] as string;
      if (close !== undefined) {
        if (char === '{') depth += 1;
        else if (src.startsWith(close, this.pos) && depth-- === 0) return this.keep(this.pos + close.length);
      }
      if (char === '\n' && this.heredocs.length > 0) {
        this.keep(this.pos + 1);
        this.heredocBodies();
        continue;
      }
      if (this.comment() || this.literal() || this.heredocOpener() || this.string() || this.regex()) continue;
      const continuation = this.lang.syntax.lineContinuation;
      if (
        continuation &&
        src.startsWith(continuation, this.pos) &&
        /^\r?\n/.test(src.slice(this.pos + continuation.length, this.pos + continuation.length + 2))
      ) {
        this.out.push(' '.repeat(continuation.length));
        this.pos += continuation.length;
        continue;
      }
      this.context?.code(char);
      this.keep(this.pos + 1);
    }
  }

  private comment(): boolean {
    const { src, pos } = this;
    const { syntax, lineComments } = this.lang;
    const atLineStart = pos === 0 || src[pos - 1] === '\n';
    if (
      atLineStart &&
      syntax.endMarker &&
      src.startsWith(syntax.endMarker, pos) &&
      /^(?:\r?\n|$)/.test(src.slice(pos + syntax.endMarker.length, pos + syntax.endMarker.length + 2))
    ) {
      return this.blank(src.length);
    }
    for (const [open, close] of atLineStart ? (syntax.lineBlockComments ?? []) : []) {
      if (!src.startsWith(open, pos)) continue;
      const found = src.indexOf(`\n${close}`, pos + open.length);
      if (found < 0) return this.unterminated(open);
      const lineEnd = src.indexOf('\n', found + 1 + close.length);
      return this.blank(lineEnd < 0 ? src.length : lineEnd);
    }
    for (const [open, close] of syntax.blockComments ?? []) {
      if (!src.startsWith(open, pos)) continue;
      const found = src.indexOf(close, pos + open.length);
      return found < 0 ? this.unterminated(open) : this.blank(found + close.length);
    }
    for (const prefix of lineComments) {
      if (!src.startsWith(prefix, pos)) continue;
      const lineEnd = src.indexOf('\n', pos);
      return this.blank(lineEnd < 0 ? src.length : lineEnd);
    }
    return false;
  }

  /** Language-specific literals (raw strings, digit separators): inert. */
  private literal(): boolean {
    for (const pattern of this.lang.literals) {
      pattern.lastIndex = this.pos;
      const match = pattern.exec(this.src);
      if (!match || match[0].length === 0) continue;
      const start = this.pos;
      this.keep(start + match[0].length);
      this.inert.push([start, this.pos]);
      this.context?.operand();
      return true;
    }
    return false;
  }

  private string(): boolean {
    const { src } = this;
    const delimiter = this.lang.delimiters.find((d) => src.startsWith(d, this.pos));
    if (!delimiter) return false;
    const { syntax, codeStringPrefix } = this.lang;
    const start = this.pos;
    const prefix = /[A-Za-z]{0,3}$/.exec(src.slice(Math.max(0, start - 3), start))?.[0] ?? '';
    const holdsCode = (codeStringPrefix?.test(prefix) ?? false) || this.evaluated(start - prefix.length);
    const multiline = syntax.multilineStrings?.includes(delimiter) ?? false;
    const raw = syntax.rawStrings?.includes(delimiter) ?? false;
    const interpolation = syntax.interpolation?.delimiters.includes(delimiter) ? syntax.interpolation : undefined;
    let index = start + delimiter.length;
    let interpolated = false;
    for (;;) {
      if (index >= src.length || (!multiline && src[index] === '\n')) {
        if (!interpolated) return this.unterminated(delimiter);
        this.confused = true;
        this.keep(index);
        return true;
      }
      if (!raw && src[index] === '\\') index += 2;
      else if (src.startsWith(delimiter, index)) break;
      else if (interpolation && src.startsWith(interpolation.open, index)) {
        interpolated = true;
        if (this.nesting >= MAX_NESTING) {
          // Deeper than real code nests: stop recursing (the stack is finite) and trust no span.
          this.confused = true;
          index += interpolation.open.length;
          continue;
        }
        this.keep(index + interpolation.open.length);
        this.nesting += 1;
        this.code(interpolation.close);
        this.nesting -= 1;
        index = this.pos;
      } else index += 1;
    }
    this.keep(index + delimiter.length);
    if (!interpolated && !holdsCode) this.inert.push([start, this.pos]);
    this.context?.operand();
    return true;
  }

  /** Whether the code right before `index` hands a string to an evaluator (`exec(`). */
  private evaluated(index: number): boolean {
    return this.lang.evaluator?.test(this.src.slice(Math.max(0, index - EVALUATOR_LOOKBACK), index)) ?? false;
  }

  private regex(): boolean {
    const { src, pos } = this;
    if (!this.context || src[pos] !== '/' || !this.context.regexAllowed()) return false;
    let inClass = false;
    for (let index = pos + 1; index < src.length; index += 1) {
      const char = src[index];
      if (char === '\n') return false;
      if (char === '\\') index += 1;
      else if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      else if (char === '/' && !inClass) {
        this.keep(index + 1 + (/^[a-z]*/.exec(src.slice(index + 1, index + 12))?.[0].length ?? 0));
        this.inert.push([pos, this.pos]);
        this.context.operand();
        return true;
      }
    }
    return false;
  }

  private heredocOpener(): boolean {
    // Once lost, spans are not trusted anyway; skipping heredocs keeps a flood of them linear.
    if (!this.lang.syntax.heredocs || this.confused || !this.src.startsWith('<<', this.pos)) return false;
    HEREDOC.lastIndex = this.pos;
    const match = HEREDOC.exec(this.src);
    if (!match) return false;
    const quote = match[2] ?? match[4] ?? '';
    this.heredocs.push({ id: match[3] ?? match[5] ?? match[6] ?? '', indented: match[1] !== undefined, interpolating: quote !== "'" });
    this.keep(this.pos + match[0].length);
    this.context?.operand();
    return true;
  }

  /** After the line that opened heredocs: their bodies, each up to its terminator line. */
  private heredocBodies(): void {
    for (const { id, indented, interpolating } of this.heredocs.splice(0)) {
      const terminator = new RegExp(`^${indented ? '[ \\t]*' : ''}${id}[ \\t]*\\r?$`, 'gm');
      terminator.lastIndex = this.pos;
      const match = terminator.exec(this.src);
      if (!match) {
        this.confused = true;
        return;
      }
      const start = this.pos;
      this.keep(match.index + match[0].length);
      if (!interpolating || !this.src.slice(start, match.index).includes('#{')) this.inert.push([start, this.pos]);
    }
  }

  /** An opener that never closes counts as code, and no string span is trusted any more. */
  private unterminated(opener: string): true {
    this.confused = true;
    this.context?.code(opener[0] as string);
    this.keep(this.pos + opener.length);
    return true;
  }

  private keep(end: number): void {
    this.out.push(this.src.slice(this.pos, end));
    this.pos = end;
  }

  private blank(end: number): true {
    this.out.push(this.src.slice(this.pos, end).replace(/[^\r\n]/g, ' '));
    this.pos = end;
    return true;
  }
}
