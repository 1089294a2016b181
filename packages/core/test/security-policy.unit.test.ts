import { describe, expect, it, vi } from 'vitest';
import {
  createSession,
  InvalidRegexPatternError,
  NotOpenSessionError,
  PluginRegistry,
  SandboxError,
  SecurityIssueSeverity,
  SecurityPolicy,
  SecurityViolationError,
  Session,
  ValidationError,
  type LanguageHandler,
  type Logger,
  type SecurityPolicyInput,
} from '@llmsb/core';
import { fakeBackend, fakeLanguage } from '@llmsb/core/testing';

const { SAFE, LOW, MEDIUM, HIGH } = SecurityIssueSeverity;

/** The fake language (programs are fake-shell scripts) with a scanner syntax: `#` comments, `use MODULE` imports. */
const scripted: LanguageHandler = {
  ...fakeLanguage(),
  scanner: { lineComment: '#', stringDelimiters: ['"', "'"], importPattern: (module) => `\\buse\\s+${module}\\b` },
};

const policyData = (threshold: SecurityIssueSeverity): SecurityPolicyInput => ({
  severityThreshold: threshold,
  patterns: [
    { pattern: String.raw`\bmarker\b`, description: 'touches the marker', severity: HIGH },
    { pattern: String.raw`\becho\b`, description: 'echoes', severity: LOW },
  ],
  restrictedModules: [{ name: 'sockets', description: 'no sockets', severity: MEDIUM }],
});

const WRITES_MARKER = 'echo ran > /sandbox/marker';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message) => warnings.push(message) };
}

async function openSession(options: Record<string, unknown>) {
  const backend = fakeBackend();
  const session = await createSession({ backend: 'fake', lang: scripted, ...options }, new PluginRegistry().use(backend));
  const container = backend.opened[0];
  if (!container) throw new Error('the fake backend opened nothing');
  return { session, container, exec: vi.spyOn(container, 'exec') };
}

describe('security policy enforcement (fake backend)', () => {
  it('never starts blocked code, and the error lists every violation', async () => {
    const { session, container, exec } = await openSession({ securityPolicy: policyData(MEDIUM) });
    const failure = await session.run(`use sockets\n${WRITES_MARKER}`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SecurityViolationError);
    const { violations, message } = failure as SecurityViolationError;
    expect(violations.map((v) => [v.description, v.blocking, v.line])).toEqual([
      ['touches the marker', true, 2],
      ['echoes', false, 2],
      ['no sockets', true, 1],
    ]);
    expect(message).toMatch(/2 of 3 violation\(s\) at or above MEDIUM. Nothing was started/);
    expect(exec).not.toHaveBeenCalled();
    expect(container.files.has('/sandbox/marker')).toBe(false);
    await session.close();
  });

  it('runs code whose violations are below the threshold, and reports them', async () => {
    const logger = recordingLogger();
    const { session } = await openSession({ securityPolicy: policyData(MEDIUM), logger });
    expect((await session.run('echo hello')).stdout).toBe('hello\n');
    expect(logger.warnings.join('\n')).toMatch(/reports \(below the threshold\)[\s\S]*\[LOW\] echoes/);
    await session.close();
  });

  it('ignores comments and, for imports, plain strings', async () => {
    const { session } = await openSession({ securityPolicy: policyData(MEDIUM) });
    expect((await session.run('# marker; use sockets\nprintf "use sockets"')).stdout).toBe('use sockets');
    await session.close();
  });

  it('in advise mode runs blocked code and logs what enforce mode would have refused', async () => {
    const logger = recordingLogger();
    const { session, container } = await openSession({ securityPolicy: policyData(MEDIUM), securityMode: 'advise', logger });
    expect((await session.run(WRITES_MARKER)).exitCode).toBe(0);
    expect(container.files.has('/sandbox/marker')).toBe(true);
    expect(logger.warnings.join('\n')).toMatch(/would block it, but securityMode is advise[\s\S]*\[HIGH, blocking\] touches the marker/);
    await session.close();
  });

  it('with a SAFE threshold only reports, as upstream does', async () => {
    const logger = recordingLogger();
    const { session, container } = await openSession({ securityPolicy: policyData(SAFE), logger });
    expect((await session.run(WRITES_MARKER)).exitCode).toBe(0);
    expect(container.files.has('/sandbox/marker')).toBe(true);
    expect(logger.warnings).toHaveLength(1);
    await session.close();
  });

  it('refuses to install a restricted library, from install() and from run({ libraries })', async () => {
    const { session, container, exec } = await openSession({ securityPolicy: policyData(MEDIUM) });
    await expect(session.install(['numpy', 'sockets'])).rejects.toMatchObject({
      code: 'LLMSB_SECURITY_VIOLATION',
      violations: [{ kind: 'restricted-library', module: 'sockets' }],
    });
    await expect(session.run('true', { libraries: ['sockets'] })).rejects.toBeInstanceOf(SecurityViolationError);
    expect(exec).not.toHaveBeenCalled();
    expect(container.files.has('/installed')).toBe(false);
    await session.install(['numpy']);
    expect(container.files.has('/installed')).toBe(true);
    await session.close();
  });

  it('accepts a preset name, policy JSON or a SecurityPolicy instance', async () => {
    for (const securityPolicy of ['strict', policyData(HIGH), new SecurityPolicy(policyData(HIGH))]) {
      const session = new Session({ backend: 'fake', lang: scripted, securityPolicy });
      expect(session.options.securityPolicy).toBeInstanceOf(SecurityPolicy);
    }
    expect(() => new Session({ securityPolicy: 'paranoid' })).toThrow(ValidationError);
    expect(() => new Session({ securityPolicy: 'paranoid' })).toThrow(/Available presets: minimal, development/);
  });

  it('rejects an invalid pattern with InvalidRegexPatternError, which is a SandboxError', () => {
    const error = (() => {
      try {
        new Session({ securityPolicy: { patterns: [{ pattern: '[', description: 'bad', severity: HIGH }] } });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidRegexPatternError);
    expect(error).toBeInstanceOf(SandboxError);
    expect(new Error('plain')).not.toBeInstanceOf(SandboxError);
  });
});

describe('session.isSafe', () => {
  it('works before open() when the language is a plugin object, needing no engine', () => {
    const session = new Session({ backend: 'fake', lang: scripted, securityPolicy: policyData(MEDIUM) });
    expect(session.isSafe('use sockets')).toMatchObject({ safe: false, violations: [{ module: 'sockets', blocking: true }] });
    expect(session.isSafe('true')).toEqual({ safe: true, violations: [] });
  });

  it('needs an open session when the language is given by name', async () => {
    const registry = new PluginRegistry().use(fakeBackend(), scripted);
    const session = new Session({ backend: 'fake', lang: 'fake', securityPolicy: policyData(MEDIUM) }, registry);
    expect(() => session.isSafe('true')).toThrow(NotOpenSessionError);
    await session.open();
    expect(session.isSafe('use sockets').safe).toBe(false);
    await session.close();
  });

  it('is safe without a policy', () => {
    expect(new Session({ lang: 'python' }).isSafe('import os')).toEqual({ safe: true, violations: [] });
  });

  it('never mutates the policy and answers the same every time', () => {
    const policy = new SecurityPolicy(policyData(MEDIUM));
    const before = JSON.stringify(policy);
    const session = new Session({ backend: 'fake', lang: scripted, securityPolicy: policy });
    const first = session.isSafe(`use sockets\n${WRITES_MARKER}`);
    for (let i = 0; i < 5; i += 1) expect(session.isSafe(`use sockets\n${WRITES_MARKER}`)).toEqual(first);
    expect(JSON.stringify(policy)).toBe(before);
  });

  it('uses the built-in scanner syntax of a known language without one of its own', () => {
    const { scanner: _none, ...bare } = scripted;
    const session = new Session({ backend: 'fake', lang: { ...bare, name: 'python' }, securityPolicy: 'production' });
    expect(session.isSafe('"""import os"""\nprint(1)').safe).toBe(true);
    expect(session.isSafe('import a, os').safe).toBe(false);
  });
});
