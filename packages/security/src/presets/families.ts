import type { RestrictedModuleInput, SecurityIssueSeverity, SecurityPatternInput } from '../policy.js';

/** Language families a preset rule is written for; `any` rules match text in every language. */
export type Family = 'python' | 'js' | 'java' | 'cpp' | 'go' | 'ruby' | 'r';

const LANGUAGES: Readonly<Record<Family, readonly string[]>> = {
  python: ['python'],
  js: ['javascript', 'typescript'],
  java: ['java'],
  cpp: ['cpp'],
  go: ['go'],
  ruby: ['ruby'],
  r: ['r'],
};

type Regexes = Partial<Record<Family | 'any', readonly string[]>>;

/** One kind of risky behaviour, as regexes per family. */
export interface Rule {
  readonly description: string;
  /** Regexes for code: a match wholly inside a plain string literal (a docstring) does not count. */
  readonly code?: Regexes;
  /** Regexes for text anywhere outside comments, strings included (shell commands, paths). */
  readonly anywhere?: Regexes;
}

/** A group of modules per family that share a risk. */
export interface ModuleGroup {
  readonly description: string;
  readonly modules: Partial<Record<Family, readonly string[]>>;
}

/** One pattern per family and scope: its regexes joined into one alternation, tagged with the family's languages. */
export function rulePatterns(rule: Rule, severity: SecurityIssueSeverity): SecurityPatternInput[] {
  const scoped = (regexes: Regexes | undefined, inStrings: boolean): SecurityPatternInput[] =>
    Object.entries(regexes ?? {}).map(([family, list]) => ({
      pattern: list.map((regex) => `(?:${regex})`).join('|'),
      description: rule.description,
      severity,
      ...(family === 'any' ? {} : { languages: [...LANGUAGES[family as Family]] }),
      ...(inStrings ? {} : { inStrings: false }),
    }));
  return [...scoped(rule.code, false), ...scoped(rule.anywhere, true)];
}

export function groupModules(group: ModuleGroup, severity: SecurityIssueSeverity): RestrictedModuleInput[] {
  return Object.entries(group.modules).flatMap(([family, names]) =>
    names.map((name) => ({ name, description: `${group.description}: ${name}`, severity, languages: [...LANGUAGES[family as Family]] })),
  );
}
