import { builtinBackends, builtinLanguages } from './builtin-plugins.js';
import { LanguageNotSupportedError, UnsupportedBackendError, ValidationError } from './errors.js';
import { importPluginPackage } from './import-plugin-package.js';
import type { BackendPlugin, LanguageHandler, SandboxPlugin } from './types.js';

/**
 * Plugins known to a set of sessions. Registration is explicit (`use`); string names that are not
 * registered fall back to the published package of that name, imported lazily.
 */
export class PluginRegistry {
  private readonly backends = new Map<string, SandboxPlugin>();
  private readonly languages = new Map<string, SandboxPlugin>();

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
    return this.resolve('backend', nameOrPlugin, this.backends, builtinBackends, UnsupportedBackendError);
  }

  async language(nameOrPlugin: string | LanguageHandler): Promise<LanguageHandler> {
    if (typeof nameOrPlugin !== 'string') return nameOrPlugin;
    return this.resolve('language', nameOrPlugin, this.languages, builtinLanguages, LanguageNotSupportedError);
  }

  /** Registered names plus the published ones that can be imported on demand. */
  available(kind: 'backend' | 'language'): string[] {
    const registered = kind === 'backend' ? this.backends.keys() : this.languages.keys();
    const builtin = Object.keys(kind === 'backend' ? builtinBackends : builtinLanguages);
    return [...new Set([...registered, ...builtin])].sort();
  }

  /** A registered plugin, else the published package of that name, imported once. */
  private async resolve<K extends SandboxPlugin['kind']>(
    kind: K,
    requested: string,
    table: Map<string, SandboxPlugin>,
    published: Readonly<Record<string, string>>,
    NotFound: NotFoundError,
  ): Promise<Extract<SandboxPlugin, { kind: K }>> {
    const name = requested.toLowerCase();
    const registered = table.get(name);
    if (registered) return registered as Extract<SandboxPlugin, { kind: K }>;
    const packageName = published[name];
    if (!packageName) throw new NotFound(requested, this.available(kind));
    const plugin = findPlugin(await importPluginPackage(packageName), kind, name);
    if (!plugin) throw new NotFound(requested, this.available(kind));
    this.use(plugin);
    return plugin;
  }
}

/** The registry behind `createSession` when none is given. */
export const defaultRegistry: PluginRegistry = new PluginRegistry();

// --- Internal helpers ---

type NotFoundError = new (name: string, available: readonly string[]) => Error;

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
