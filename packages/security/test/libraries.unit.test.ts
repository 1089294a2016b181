import { describe, expect, it } from 'vitest';
import { checkLibraries, libraryName, SecurityIssueSeverity, SecurityPolicy } from '@llmsb/security';

const policy = new SecurityPolicy({
  severityThreshold: SecurityIssueSeverity.MEDIUM,
  restrictedModules: [
    { name: 'requests', description: 'http', severity: SecurityIssueSeverity.LOW, languages: ['python'] },
    { name: 'python_nmap', description: 'scanner', severity: SecurityIssueSeverity.HIGH, languages: ['python'] },
    { name: '@evil/pkg', description: 'npm', severity: SecurityIssueSeverity.HIGH },
  ],
});

describe('checkLibraries', () => {
  it('refuses a restricted library whatever its version, extras or spelling', () => {
    for (const spec of ['python-nmap', 'Python_Nmap==0.7.1', 'python.nmap[extra]>=0.1']) {
      expect(checkLibraries([spec], policy, 'python'), spec).toMatchObject({
        safe: false,
        violations: [{ kind: 'restricted-library', module: 'python_nmap', blocking: true }],
      });
    }
    expect(checkLibraries(['@evil/pkg@1.2.3'], policy, 'javascript').safe).toBe(false);
  });

  it('reports a restricted library below the threshold without blocking it', () => {
    expect(checkLibraries(['requests'], policy, 'python')).toMatchObject({ safe: true, violations: [{ module: 'requests', blocking: false }] });
  });

  it('lets other libraries and other languages through', () => {
    expect(checkLibraries(['numpy', 'requests-toolbelt'], policy, 'python').violations).toEqual([]);
    expect(checkLibraries(['requests'], policy, 'ruby').violations).toEqual([]);
  });

  it('extracts package names from specifiers', () => {
    expect(['numpy==1.2', 'a[b]>=1', '@s/p@2', 'github.com/x/y@v1', 'pkg ; python_version<"3"'].map(libraryName)).toEqual([
      'numpy',
      'a',
      '@s/p',
      'github.com/x/y',
      'pkg',
    ]);
  });
});
