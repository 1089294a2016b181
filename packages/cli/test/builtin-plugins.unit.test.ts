import { describe, expect, it } from 'vitest';
import { builtinBackends, builtinLanguages, type SandboxPlugin } from '@llmsb/core';

/** Every package the built-in table names; the CLI depends on each, so each resolves from here. */
const packages = [...new Set([...Object.values(builtinBackends), ...Object.values(builtinLanguages)])].sort();

async function pluginsOf(packageName: string): Promise<readonly SandboxPlugin[]> {
  const exports = (await import(packageName)) as { llmsbPlugins?: () => readonly SandboxPlugin[] };
  expect(exports.llmsbPlugins, `${packageName} exports llmsbPlugins()`).toBeTypeOf('function');
  return exports.llmsbPlugins?.() ?? [];
}

describe('the built-in plugin table (builtin-plugins.ts)', () => {
  it.each(packages)('matches the names and aliases that %s offers in llmsbPlugins()', async (packageName) => {
    const offered = { backend: new Set<string>(), language: new Set<string>() };
    for (const plugin of await pluginsOf(packageName)) {
      for (const name of [plugin.name, ...(plugin.aliases ?? [])]) offered[plugin.kind].add(name.toLowerCase());
    }
    const listed = (table: Readonly<Record<string, string>>): string[] =>
      Object.entries(table)
        .filter(([, pkg]) => pkg === packageName)
        .map(([name]) => name)
        .sort();
    expect(listed(builtinBackends)).toEqual([...offered.backend].sort());
    expect(listed(builtinLanguages)).toEqual([...offered.language].sort());
  });
});
