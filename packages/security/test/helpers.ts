import { scanCode, scannerSyntaxes, SecurityIssueSeverity, SecurityPolicy, type ScanResult } from '@llmsb/security';

type Language = keyof typeof scannerSyntaxes;

/** A policy that restricts `modules` (HIGH) and blocks at MEDIUM. */
export function restricting(...modules: string[]): SecurityPolicy {
  return new SecurityPolicy({
    severityThreshold: SecurityIssueSeverity.MEDIUM,
    restrictedModules: modules.map((name) => ({ name, description: `no ${name}`, severity: SecurityIssueSeverity.HIGH })),
  });
}

export function scan(language: Language, code: string, policy: SecurityPolicy): ScanResult {
  return scanCode(code, policy, scannerSyntaxes[language], language);
}

/** Kinds and modules of the violations, e.g. `['restricted-module:os']`. */
export function findings(language: Language, code: string, policy: SecurityPolicy): string[] {
  return scan(language, code, policy).violations.map((v) => `${v.kind}${v.module ? `:${v.module}` : ''}`);
}
