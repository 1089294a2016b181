import { describe, expect, it } from 'vitest';
import { execSequence, silentLogger, type CollectOptions } from '@llmsb/core';
import { FakeContainer } from '@llmsb/core/testing';

const options: CollectOptions = {
  timeoutMs: 10_000,
  maxOutputBytes: 1 << 20,
  encodingErrors: 'replace',
  logger: silentLogger,
  stream: false,
  what: 'Run',
};
const sh = (script: string) => ({ argv: ['/bin/sh', '-c', script] });

describe('execSequence on the fake backend (test double)', () => {
  it('stops at the first failing step, but runs alwaysRuns steps, whose exit does not count', async () => {
    const container = new FakeContainer('/sandbox', {});
    const { output, failedIndex } = await execSequence(
      container,
      [sh('echo one'), sh('echo two; exit 3'), sh('echo skipped'), { ...sh('echo staged; exit 9'), alwaysRuns: true }],
      options,
    );
    expect(failedIndex).toBe(1);
    expect(output).toMatchObject({ exitCode: 3, stdout: 'one\ntwo\nstaged\n' });
  });

  it("keeps the last counted step's exit code when an alwaysRuns step fails after a success", async () => {
    const container = new FakeContainer('/sandbox', {});
    const { output, failedIndex } = await execSequence(container, [sh('echo ran'), { ...sh('exit 5'), alwaysRuns: true }], options);
    expect(failedIndex).toBeUndefined();
    expect(output).toMatchObject({ exitCode: 0, stdout: 'ran\n' });
  });
});
