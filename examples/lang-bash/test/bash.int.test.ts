import { describe, expect, it } from 'vitest';
import { createSession, PluginRegistry } from '@llmsb/core';
import { dockerBackend } from '@llmsb/backend-docker';
import { bash } from 'llmsb-example-lang-bash';

describe('a third-party language plugin (Bash)', () => {
  it('runs through the public plugin API, building its own image from its recipe', async () => {
    const registry = new PluginRegistry().use(dockerBackend(), bash());
    await using session = await createSession({ lang: 'BASH', buildMissingImage: true }, registry);
    const result = await session.run('declare -A seen=([a]=1)\necho "bash ${BASH_VERSINFO[0]} ${seen[a]}"\necho \'{"k": 2}\' | jq .k\nexit 3');
    expect(result).toMatchObject({ exitCode: 3, stderr: '' });
    expect(result.stdout).toMatch(/^bash 5 1\n2\n$/);
  }, 600_000);
});
