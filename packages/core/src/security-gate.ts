import {
  builtinScannerSyntax,
  checkLibraries,
  scanCode,
  severityName,
  type ScanResult,
  type SecurityPolicy,
  type SecurityViolation,
} from '@llmsb/security';
import { SecurityViolationError } from './errors.js';
import type { Logger } from './logger.js';
import type { LanguageHandler } from './types.js';

/** How a session treats a blocking violation: refuse to start (`enforce`) or warn and run (`advise`). */
export type SecurityMode = 'enforce' | 'advise';

export interface SecurityGate {
  readonly policy: SecurityPolicy | undefined;
  readonly mode: SecurityMode;
  readonly logger: Logger;
  readonly language: LanguageHandler;
}

/** Scans code with the language's scanner syntax (else the built-in one for its name). */
export function scanForLanguage(code: string, policy: SecurityPolicy | undefined, language: LanguageHandler): ScanResult {
  if (!policy) return { safe: true, violations: [] };
  return scanCode(code, policy, language.scanner ?? builtinScannerSyntax(language.name), languageNames(language));
}

/**
 * Runs before anything starts. A blocking violation in enforce mode throws
 * `SecurityViolationError` listing every violation; otherwise violations are logged as warnings.
 */
export function checkBeforeStart(gate: SecurityGate, what: string, code: string | undefined, libraries: readonly string[]): void {
  const { policy, language } = gate;
  if (!policy) return;
  const violations = [
    ...(code === undefined ? [] : scanForLanguage(code, policy, language).violations),
    ...checkLibraries(libraries, policy, languageNames(language)).violations,
  ];
  if (violations.length === 0) return;
  const blocking = violations.filter((violation) => violation.blocking).length;
  if (blocking > 0 && gate.mode === 'enforce') {
    throw new SecurityViolationError(
      `The security policy blocked ${what}: ${blocking} of ${violations.length} violation(s) at or above ${severityName(policy.severityThreshold)}. ` +
        `Nothing was started.\n${list(violations)}\n` +
        "Change the code, relax the policy (severityThreshold, patterns, restrictedModules), or pass securityMode: 'advise' to run it anyway.",
      violations,
    );
  }
  const verdict = blocking > 0 ? 'would block it, but securityMode is advise' : 'reports (below the threshold)';
  gate.logger.warn(`security policy ${verdict} for ${what}:\n${list(violations)}`);
}

function languageNames(language: LanguageHandler): string[] {
  return [language.name, ...(language.aliases ?? [])];
}

function list(violations: readonly SecurityViolation[]): string {
  return violations
    .map((v) => {
      const where = v.line === undefined ? '' : `line ${v.line}: `;
      const match = v.match ? ` (${v.match})` : '';
      return `  - ${where}[${severityName(v.severity)}${v.blocking ? ', blocking' : ''}] ${v.description}${match}`;
    })
    .join('\n');
}
