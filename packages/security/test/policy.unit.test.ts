import { describe, expect, it } from 'vitest';
import {
  InvalidRegexPatternError,
  InvalidSecurityPolicyError,
  scanCode,
  scannerSyntaxes,
  SecurityIssueSeverity,
  SecurityPolicy,
} from '@llmsb/security';

const { SAFE, LOW, MEDIUM, HIGH } = SecurityIssueSeverity;
const python = scannerSyntaxes.python;

function policy(threshold: SecurityIssueSeverity): SecurityPolicy {
  return new SecurityPolicy({
    severityThreshold: threshold,
    patterns: [
      { pattern: String.raw`\beval\s*\(`, description: 'eval', severity: LOW },
      { pattern: String.raw`\bos\.system\s*\(`, description: 'os.system', severity: HIGH },
    ],
    restrictedModules: [{ name: 'socket', description: 'sockets', severity: MEDIUM }],
  });
}
const code = 'import os, socket\nos.system("id")\neval("1")';

describe('SecurityPolicy', () => {
  it('round-trips through JSON', () => {
    const original = policy(MEDIUM).addPattern({ pattern: 'x', description: 'x', severity: 'low', languages: ['python'] });
    const copy = SecurityPolicy.fromJSON(JSON.stringify(original));
    expect(copy.toJSON()).toEqual(original.toJSON());
    expect(copy.patterns.at(-1)).toEqual({ pattern: 'x', description: 'x', severity: LOW, languages: ['python'] });
  });

  it("accepts upstream's null lists and severity names", () => {
    const parsed = new SecurityPolicy({ severityThreshold: 'High', patterns: null, restrictedModules: null });
    expect(parsed.toJSON()).toEqual({ severityThreshold: HIGH, patterns: [], restrictedModules: [] });
  });

  it('rejects an invalid regex with InvalidRegexPatternError, from the constructor and from addPattern', () => {
    const bad = { pattern: '(unclosed', description: 'bad', severity: HIGH } as const;
    expect(() => new SecurityPolicy({ patterns: [bad] })).toThrow(InvalidRegexPatternError);
    const error = (() => {
      try {
        new SecurityPolicy().addPattern(bad);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidRegexPatternError);
    expect(error).toMatchObject({ code: 'LLMSB_INVALID_REGEX_PATTERN', pattern: '(unclosed' });
  });

  it('rejects malformed data naming the field', () => {
    expect(() => new SecurityPolicy({ severityThreshold: 7 as never })).toThrow(/severityThreshold/);
    expect(() => SecurityPolicy.fromJSON({ patterns: [{ pattern: 'x' }] })).toThrow(InvalidSecurityPolicyError);
  });

  it('clones deeply', () => {
    const original = policy(MEDIUM);
    original.clone().addRestrictedModule({ name: 'os', description: '', severity: HIGH });
    expect(original.restrictedModules).toHaveLength(1);
  });
});

describe('scanCode', () => {
  it('reports every violation, blocking or not, in policy order, with lines', () => {
    const result = scanCode(code, policy(MEDIUM), python, 'python');
    expect(result.safe).toBe(false);
    expect(result.violations).toEqual([
      { kind: 'pattern', description: 'eval', severity: LOW, blocking: false, pattern: String.raw`\beval\s*\(`, line: 3, match: 'eval(' },
      {
        kind: 'pattern',
        description: 'os.system',
        severity: HIGH,
        blocking: true,
        pattern: String.raw`\bos\.system\s*\(`,
        line: 2,
        match: 'os.system(',
      },
      { kind: 'restricted-module', description: 'sockets', severity: MEDIUM, blocking: true, module: 'socket', line: 1, match: 'import os, socket' },
    ]);
  });

  it('blocks at or above the threshold only', () => {
    const blocking = (threshold: SecurityIssueSeverity) =>
      scanCode(code, policy(threshold), python, 'python')
        .violations.filter((v) => v.blocking)
        .map((v) => v.description);
    expect(blocking(LOW)).toEqual(['eval', 'os.system', 'sockets']);
    expect(blocking(MEDIUM)).toEqual(['os.system', 'sockets']);
    expect(blocking(HIGH)).toEqual(['os.system']);
  });

  it('with a SAFE threshold reports everything and blocks nothing', () => {
    const result = scanCode(code, policy(SAFE), python, 'python');
    expect(result.safe).toBe(true);
    expect(result.violations).toHaveLength(3);
  });

  it('never mutates the policy and gives the same answer every time', () => {
    const subject = policy(MEDIUM);
    const before = JSON.stringify(subject);
    const first = scanCode(code, subject, python, 'python');
    for (let i = 0; i < 10; i += 1) expect(scanCode(code, subject, python, 'python')).toEqual(first);
    expect(JSON.stringify(subject)).toBe(before);
  });

  it('is safe without a policy', () => {
    expect(scanCode(code, undefined, python, 'python')).toEqual({ safe: true, violations: [] });
  });

  it('applies rules only to the languages they name (aliases included)', () => {
    const subject = new SecurityPolicy({
      severityThreshold: LOW,
      patterns: [{ pattern: 'danger', description: 'js only', severity: HIGH, languages: ['js'] }],
      restrictedModules: [{ name: 'os', description: 'py only', severity: HIGH, languages: ['Python'] }],
    });
    expect(scanCode('danger; import os', subject, python, ['python', 'py']).violations.map((v) => v.description)).toEqual(['py only']);
    expect(scanCode('danger; import os', subject, scannerSyntaxes.javascript, 'javascript').violations.map((v) => v.description)).toEqual([
      'js only',
    ]);
  });

  it('matches patterns inside strings but never inside comments', () => {
    const subject = new SecurityPolicy({ severityThreshold: HIGH, patterns: [{ pattern: String.raw`rm -rf /`, description: 'rm', severity: HIGH }] });
    expect(scanCode('os.system("rm -rf /")', subject, python, 'python').safe).toBe(false);
    expect(scanCode('# rm -rf /', subject, python, 'python').safe).toBe(true);
    expect(scanCode('x = 1  /* rm -rf / */', subject, scannerSyntaxes.javascript, 'javascript').safe).toBe(true);
  });

  it('with inStrings: false keeps a pattern to code, yet still sees strings that are evaluated', () => {
    const subject = new SecurityPolicy({
      severityThreshold: HIGH,
      patterns: [{ pattern: String.raw`\bos\.system\s*\(`, description: 'shell', severity: HIGH, inStrings: false }],
    });
    expect(scanCode('"""Never call os.system() here."""', subject, python, 'python').violations).toEqual([]);
    expect(scanCode(`exec("os.system('id')")`, subject, python, 'python').safe).toBe(false);
    expect(scanCode(`print(f"{os.system('id')}")`, subject, python, 'python').safe).toBe(false);
  });

  it('compiles patterns with the m flag: ^ and $ anchor lines', () => {
    const subject = new SecurityPolicy({ severityThreshold: LOW, patterns: [{ pattern: '^danger$', description: 'line', severity: LOW }] });
    expect(scanCode('ok\ndanger\nok', subject, python, 'python').violations[0]).toMatchObject({ line: 2 });
  });

  it('without a language syntax, finds a restricted module wherever its name appears as a word', () => {
    const subject = new SecurityPolicy({ severityThreshold: LOW, restrictedModules: [{ name: 'os', description: 'os', severity: HIGH }] });
    expect(scanCode('use os;', subject, undefined, 'lua').safe).toBe(false);
    expect(scanCode('use cosine;', subject, undefined, 'lua').safe).toBe(true);
  });
});
