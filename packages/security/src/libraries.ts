import { appliesTo } from './languages.js';
import { isBlocking, type PolicyRules, type ScanResult, type SecurityViolation } from './scan.js';

/**
 * Checks libraries about to be installed against the restricted modules: installing one is a
 * violation of that module's severity (blocking by the same threshold rule as code). Names are
 * compared without version, extras or registry prefix, case-insensitively, with `-`, `_` and `.` alike.
 */
export function checkLibraries(libraries: readonly string[], policy: PolicyRules | undefined, language: string | readonly string[]): ScanResult {
  if (!policy) return { safe: true, violations: [] };
  const names = typeof language === 'string' ? [language] : language;
  const modules = policy.restrictedModules.filter((module) => appliesTo(module.languages, names));
  const violations: SecurityViolation[] = [];
  for (const library of libraries) {
    const wanted = normalise(libraryName(library));
    for (const module of modules) {
      if (normalise(module.name) !== wanted) continue;
      violations.push({
        kind: 'restricted-library',
        description: `Installs the restricted library ${library}${module.description ? ` (${module.description})` : ''}`,
        severity: module.severity,
        blocking: isBlocking(policy, module.severity),
        module: module.name,
      });
    }
  }
  return { safe: !violations.some((violation) => violation.blocking), violations };
}

/** `requests[socks]>=2` → `requests`; `@scope/pkg@1.2` → `@scope/pkg`; `github.com/x/y@v1` → `github.com/x/y`. */
export function libraryName(spec: string): string {
  const trimmed = spec.trim();
  const scoped = trimmed.startsWith('@') ? 1 : 0;
  const end = trimmed.slice(scoped).search(/[\s=<>!~[;@(,]/);
  return end < 0 ? trimmed : trimmed.slice(0, end + scoped);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
