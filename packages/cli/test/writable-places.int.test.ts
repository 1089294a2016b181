import { describe, expect, it } from 'vitest';
import { createSession, PluginRegistry, type LanguageHandler, type SandboxPlugin } from '@llmsb/core';
import * as docker from '@llmsb/backend-docker';
import * as cpp from '@llmsb/lang-cpp';
import * as go from '@llmsb/lang-go';
import * as java from '@llmsb/lang-java';
import * as js from '@llmsb/lang-js';
import * as python from '@llmsb/lang-python';
import * as r from '@llmsb/lang-r';
import * as ruby from '@llmsb/lang-ruby';

/**
 * The disk bound's premise, checked on every language image: the sandbox user can write only the
 * places llmsb mounts a sized tmpfs over (the workdir, /tmp, /var/tmp, /run/lock, its home and
 * the recipe's `scratch` places), so nothing it writes reaches the engine's disk.
 */
const languages = [cpp, go, java, js, python, r, ruby]
  .flatMap((pkg) => pkg.llmsbPlugins())
  .filter((plugin: SandboxPlugin): plugin is LanguageHandler => plugin.kind === 'language' && plugin.name !== 'typescript');
const registry = new PluginRegistry().use(...docker.llmsbPlugins(), ...languages);

const FIND_WRITABLE = 'find / -xdev \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o ! -type l -writable -print 2>/dev/null | sort';

describe('every language image under the default disk bound', () => {
  it.each(languages.map((language) => [language.name, language] as const))('%s: the code writes only to bounded places', async (_name, language) => {
    await using session = await createSession({ backend: 'docker', lang: language.name }, registry);
    const expected = ['/home/sandbox', '/run/lock', '/sandbox', '/tmp', '/var/tmp', ...(language.imageRecipe.scratch?.owned ?? [])].sort();
    const found = await session.executeCommand(FIND_WRITABLE);
    expect(found.stdout.trim().split('\n')).toEqual(expected);
    const mounts = await session.executeCommand(`for p in ${expected.join(' ')}; do stat -f -c "$p %T" "$p"; done`);
    expect(mounts.stdout.trim().split('\n')).toEqual(expected.map((place) => `${place} tmpfs`));
    for (const seeded of language.imageRecipe.scratch?.seeded ?? []) {
      const content = await session.executeCommand(`find ${seeded} -type f | wc -l; stat -c %U ${seeded}`);
      expect(content.stdout).toMatch(/^[1-9]\d*\nsandbox\n$/);
    }
  });
});
