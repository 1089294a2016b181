// The security policy on the real engine: blocked code never reaches the container.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, SecurityIssueSeverity, SecurityPolicy, SecurityViolationError, type Logger } from '@llmsb/core';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

beforeAll(async () => {
  await requireDocker();
});

const MARKER = '/sandbox/ran-marker';
/** Creates the marker file, so the test can tell whether the code ran at all. */
const IMPORTS_OS = `import os\nopen(${JSON.stringify(MARKER)}, "w").write("ran")\nprint("ran")`;

const noOs = (threshold: SecurityIssueSeverity): SecurityPolicy =>
  new SecurityPolicy({
    severityThreshold: threshold,
    restrictedModules: [{ name: 'os', description: 'no os', severity: SecurityIssueSeverity.HIGH, languages: ['python'] }],
  });

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message) => warnings.push(message) };
}

const open = (options = {}) => createSession({ ...pythonOnDocker, ...options }, dockerRegistry());
const markerExists = async (session: Awaited<ReturnType<typeof open>>): Promise<boolean> =>
  (await session.executeCommand(['test', '-e', MARKER])).exitCode === 0;

describe('the security policy on Docker (Python)', () => {
  it('never runs a blocked import os: no marker file, and the error lists the violation', async () => {
    await using session = await open({ securityPolicy: noOs(SecurityIssueSeverity.MEDIUM) });
    const failure = await session.run(IMPORTS_OS).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SecurityViolationError);
    expect((failure as SecurityViolationError).violations).toMatchObject([{ kind: 'restricted-module', module: 'os', line: 1, blocking: true }]);
    expect(await markerExists(session)).toBe(false);
    expect((await session.run('"""Docs may say import os."""\nprint("still usable")')).stdout).toBe('still usable\n');
  });

  it('with a SAFE threshold runs the same code and reports the violation', async () => {
    const logger = recordingLogger();
    await using session = await open({ securityPolicy: noOs(SecurityIssueSeverity.SAFE), logger });
    expect(session.isSafe(IMPORTS_OS)).toMatchObject({ safe: true, violations: [{ module: 'os', blocking: false }] });
    expect(await session.run(IMPORTS_OS)).toMatchObject({ exitCode: 0, stdout: 'ran\n' });
    expect(await markerExists(session)).toBe(true);
    expect(logger.warnings.join('\n')).toMatch(/\[HIGH\] no os \(import os\)/);
  });

  it('refuses a library the policy restricts before pip starts', async () => {
    const policy = new SecurityPolicy({
      severityThreshold: SecurityIssueSeverity.LOW,
      restrictedModules: [{ name: 'tabulate', description: 'no tabulate', severity: SecurityIssueSeverity.MEDIUM }],
    });
    await using session = await open({ securityPolicy: policy });
    await expect(session.install(['tabulate==0.9.0'])).rejects.toBeInstanceOf(SecurityViolationError);
    await expect(session.run('print(1)', { libraries: ['Tabulate'] })).rejects.toBeInstanceOf(SecurityViolationError);
    expect((await session.executeCommand(['python3', '-c', 'import importlib.util; print(importlib.util.find_spec("tabulate"))'])).stdout).toBe(
      'None\n',
    );
  });
});
