import { builtinBackends, builtinLanguages } from './builtin-plugins.js';
import { LanguageNotSupportedError, UnsupportedBackendError, ValidationError } from './errors.js';
import { importPluginPackage } from './import-plugin-package.js';
import type { BackendPlugin, LanguageHandler, SandboxPlugin } from './types.js';

/**
 * Plugins known to a set of sessions. Registration is explicit (`use`); string names that are not
 * registered fall back to the published package of that name, imported lazily.
 */
export class PluginRegistry {
  private readonly backends = new Map<string, BackendPlugin>();
  private readonly languages = new Map<string, LanguageHandler>();

  use(...plugins: readonly SandboxPlugin[]): this {
    for (const plugin of plugins) {
      const table: Map<string, SandboxPlugin> = plugin.kind === 'backend' ? this.backends : this.languages;
      for (const name of [plugin.name, ...(plugin.aliases ?? [])].map((n) => n.toLowerCase())) {
        const existing = table.get(name);
        if (existing && existing !== plugin) {
          throw new ValidationError(`A ${plugin.kind} named "${name}" is already registered.`);
        }
        table.set(name, plugin);
      }
    }
    return this;
  }

  async backend(nameOrPlugin: string | BackendPlugin): Promise<BackendPlugin> {
    if (typeof nameOrPlugin !== 'string') return nameOrPlugin;
    const name = nameOrPlugin.toLowerCase();
    const registered = this.backends.get(name);
    if (registered) return registered;
    const packageName = builtinBackends[name];
    if (!packageName) throw new UnsupportedBackendError(nameOrPlugin, this.available('backend'));
    const plugin = findPlugin(await importPluginPackage(packageName), 'backend', name);
    if (!plugin) throw new UnsupportedBackendError(nameOrPlugin, this.available('backend'));
    this.use(plugin);
    return plugin;
  }

  async language(nameOrPlugin: string | LanguageHandler): Promise<LanguageHandler> {
    if (typeof nameOrPlugin !== 'string') return nameOrPlugin;
    const name = nameOrPlugin.toLowerCase();
    const registered = this.languages.get(name);
    if (registered) return registered;
    const packageName = builtinLanguages[name];
    if (!packageName) throw new LanguageNotSupportedError(nameOrPlugin, this.available('language'));
    const plugin = findPlugin(await importPluginPackage(packageName), 'language', name);
    if (!plugin) throw new LanguageNotSupportedError(nameOrPlugin, this.available('language'));
    this.use(plugin);
    return plugin;
  }

  /** Registered names plus the published ones that can be imported on demand. */
  available(kind: 'backend' | 'language'): string[] {
    const registered = kind === 'backend' ? this.backends.keys() : this.languages.keys();
    const builtin = Object.keys(kind === 'backend' ? builtinBackends : builtinLanguages);
    return [...new Set([...registered, ...builtin])].sort();
  }
}

/** The registry behind `createSession` when none is given. */
export const defaultRegistry: PluginRegistry = new PluginRegistry();

// --- Internal helpers ---

/**
 * A plugin package names its default plugins in an `llmsbPlugins()` export (a plain factory,
 * called only when string config asks for the package).
 */
function findPlugin<K extends SandboxPlugin['kind']>(
  exports: Record<string, unknown>,
  kind: K,
  name: string,
): Extract<SandboxPlugin, { kind: K }> | undefined {
  const list = exports['llmsbPlugins'];
  if (typeof list !== 'function') return undefined;
  const plugins = (list as () => readonly SandboxPlugin[])();
  return plugins.find(
    (plugin): plugin is Extract<SandboxPlugin, { kind: K }> =>
      plugin.kind === kind && [plugin.name, ...(plugin.aliases ?? [])].some((n) => n.toLowerCase() === name),
  );
}
