/**
 * Tells a `/regex/` literal from a division, as JavaScript tokenizers do: a slash starts a regex
 * where an operand is expected (after an operator, `(`, a keyword like `return`, or the `)` of an
 * `if (...)` head), and divides after an operand. Getting this wrong would let a quote inside a
 * regex open a fake string that hides code.
 */
const KEYWORDS_BEFORE_OPERAND = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
const CONTROL_HEADS = new Set(['if', 'while', 'for', 'with']);
const WORD_CHAR = /[\w$]/;

export class RegexContext {
  private previous = '';
  private word = '';
  private readonly parens: boolean[] = [];
  private closedControlHead = false;

  /** Records one character of code (not of a string, comment or literal). */
  code(char: string): void {
    if (/\s/.test(char)) return;
    if (WORD_CHAR.test(char)) {
      this.word = WORD_CHAR.test(this.previous) ? this.word + char : char;
    } else if (char === '(') {
      this.parens.push(CONTROL_HEADS.has(this.currentWord()));
    } else if (char === ')') {
      this.closedControlHead = this.parens.pop() ?? false;
    }
    this.previous = char;
  }

  /** Records a literal (string, regex, number): an operand. */
  operand(): void {
    this.previous = '"';
  }

  regexAllowed(): boolean {
    const previous = this.previous;
    if (previous === '') return true;
    if (WORD_CHAR.test(previous)) return KEYWORDS_BEFORE_OPERAND.has(this.word);
    if (previous === ')') return this.closedControlHead;
    return previous !== ']' && previous !== '"';
  }

  private currentWord(): string {
    return WORD_CHAR.test(this.previous) ? this.word : '';
  }
}
