import { ValidationError } from './errors.js';
import type { SandboxPlugin } from './types.js';

/**
 * The plugins a package offers to string config: its `llmsbPlugins()` export, a plain factory
 * called only when a name or `usePackage` asks for the package.
 */
export function pluginsOf(packageName: string, exports: Record<string, unknown>): readonly SandboxPlugin[] {
  const list = exports['llmsbPlugins'];
  if (typeof list !== 'function') {
    throw new ValidationError(`Package "${packageName}" has no llmsbPlugins() export, so it offers no llmsb plugin.`);
  }
  return (list as () => readonly SandboxPlugin[])();
}

/** A plugin's name and aliases, lower-cased. */
export function namesOf(plugin: SandboxPlugin): string[] {
  return [plugin.name, ...(plugin.aliases ?? [])].map((name) => name.toLowerCase());
}

export function findPlugin<K extends SandboxPlugin['kind']>(
  plugins: readonly SandboxPlugin[],
  kind: K,
  name: string,
): Extract<SandboxPlugin, { kind: K }> | undefined {
  return plugins.find((plugin): plugin is Extract<SandboxPlugin, { kind: K }> => plugin.kind === kind && namesOf(plugin).includes(name));
}
