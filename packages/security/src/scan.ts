import { compilePattern, escapeRegex } from './compile-pattern.js';
import { appliesTo } from './languages.js';
import { lex, type LexedCode } from './lexer.js';
import { SecurityIssueSeverity, type SecurityPolicyData } from './policy.js';
import type { ScannerSyntax } from './syntax.js';
import { plainSyntax } from './syntaxes/plain.js';

export interface SecurityViolation {
  /** What fired: a policy pattern, an import of a restricted module, an import by computed name, or a restricted library. */
  readonly kind: 'pattern' | 'restricted-module' | 'dynamic-import' | 'restricted-library';
  readonly description: string;
  readonly severity: SecurityIssueSeverity;
  /** Whether the policy's threshold makes this violation block the code. */
  readonly blocking: boolean;
  /** The pattern's regex (kind `pattern`). */
  readonly pattern?: string;
  /** The restricted module or library. */
  readonly module?: string;
  /** 1-based line of the first match. */
  readonly line?: number;
  /** The first matched text, shortened. */
  readonly match?: string;
}

export interface ScanResult {
  /** False when at least one violation blocks. */
  readonly safe: boolean;
  /** Every violation found, blocking or not, in policy order (patterns, then modules). */
  readonly violations: readonly SecurityViolation[];
}

/** The fields of a policy the scanner reads; a `SecurityPolicy` or its JSON. */
export type PolicyRules = Pick<SecurityPolicyData, 'severityThreshold' | 'patterns' | 'restrictedModules'>;

/**
 * Checks code against a policy. Comments never match. Patterns match the rest, string literals
 * included (shell commands live in strings) unless a pattern says `inStrings: false`. Import rules
 * (restricted modules, computed imports) ignore matches that lie wholly inside a plain string
 * literal, such as a docstring; f-strings, interpolations and strings passed to eval are code.
 * Reports every violation; never mutates the policy; the same input gives the same answer.
 *
 * @param language the language's name and aliases, matched against each rule's `languages`
 */
export function scanCode(
  code: string,
  policy: PolicyRules | undefined,
  syntax: ScannerSyntax | undefined,
  language: string | readonly string[],
): ScanResult {
  if (!policy) return { safe: true, violations: [] };
  const names = typeof language === 'string' ? [language] : language;
  const grammar = syntax ?? plainSyntax;
  const lexed = lex(code, grammar);
  const violations: SecurityViolation[] = [];
  const add = (fields: Omit<SecurityViolation, 'blocking' | 'line' | 'match'>, match: RegExpExecArray | undefined): void => {
    if (match) violations.push({ ...fields, blocking: isBlocking(policy, fields.severity), ...located(lexed.text, match) });
  };
  for (const { pattern, description, severity, languages, inStrings } of policy.patterns) {
    if (!appliesTo(languages, names)) continue;
    add({ kind: 'pattern', description, severity, pattern }, firstMatch(compilePattern(pattern), lexed, inStrings === false));
  }
  const modules = policy.restrictedModules.filter((module) => appliesTo(module.languages, names));
  for (const { name, description, severity } of modules) {
    const regex = compilePattern(grammar.importPattern(escapeRegex(name)));
    add(
      { kind: 'restricted-module', description: description || `Imports the restricted module ${name}`, severity, module: name },
      firstMatch(regex, lexed, true),
    );
  }
  if (modules.length > 0 && grammar.dynamicImportPattern) {
    const severity = Math.max(...modules.map((module) => module.severity)) as SecurityIssueSeverity;
    const listed = modules.map((module) => module.name).join(', ');
    const description = `Imports a module whose name is only known at run time, so it may be a restricted one (${listed})`;
    add({ kind: 'dynamic-import', description, severity }, firstMatch(compilePattern(grammar.dynamicImportPattern), lexed, true));
  }
  return { safe: !violations.some((violation) => violation.blocking), violations };
}

/** A violation blocks when its severity reaches the threshold and the threshold is above SAFE. */
export function isBlocking(policy: Pick<PolicyRules, 'severityThreshold'>, severity: SecurityIssueSeverity): boolean {
  return policy.severityThreshold > SecurityIssueSeverity.SAFE && severity >= policy.severityThreshold;
}

// --- Internal helpers ---

/** The first match, skipping (for import rules) matches that lie wholly inside an inert string. */
function firstMatch(regex: RegExp, lexed: LexedCode, skipInert: boolean): RegExpExecArray | undefined {
  regex.lastIndex = 0;
  for (;;) {
    const match = regex.exec(lexed.text);
    if (!match) return undefined;
    if (!skipInert || lexed.confused || !insideInert(lexed.inert, match.index, match.index + match[0].length)) return match;
    regex.lastIndex = match.index + 1;
  }
}

function insideInert(spans: LexedCode['inert'], start: number, end: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [spanStart, spanEnd] = spans[middle] as readonly [number, number];
    if (start < spanStart) high = middle - 1;
    else if (start >= spanEnd) low = middle + 1;
    else return end <= spanEnd;
  }
  return false;
}

function located(text: string, match: RegExpExecArray): { line: number; match: string } {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < match.index; index = text.indexOf('\n', index + 1)) line += 1;
  const excerpt = match[0].replace(/\s+/g, ' ').trim();
  return { line, match: excerpt.length > 80 ? `${excerpt.slice(0, 77)}...` : excerpt };
}
