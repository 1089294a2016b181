import { builtinBackends, builtinLanguages } from './builtin-plugins.js';
import { discoverPluginPackages } from './discover-plugin-packages.js';
import { LanguageNotSupportedError, UnsupportedBackendError, ValidationError } from './errors.js';
import { importPluginPackage } from './import-plugin-package.js';
import { findPlugin, namesOf, pluginsOf } from './plugin-exports.js';
import type { BackendPlugin, LanguageHandler, SandboxPlugin } from './types.js';

export interface PluginRegistryOptions {
  /**
   * The app whose direct dependencies may provide plugins by name (the nearest package.json at
   * or above it), and where plugin packages are resolved from. Default: `process.cwd()` at lookup time.
   */
  readonly projectDir?: string;
}

/**
 * Plugins known to a set of sessions. A string name resolves, in this order, to: a plugin
 * registered with `use`/`usePackage`; the published `@llmsb/*` package of a built-in name; a
 * direct dependency of the app whose package.json declares the name in its `llmsb` field. A
 * discovered package never shadows a built-in name.
 */
export class PluginRegistry {
  private readonly backends = new Map<string, SandboxPlugin>();
  private readonly languages = new Map<string, SandboxPlugin>();
  private readonly projectDir: string | undefined;

  constructor(options: PluginRegistryOptions = {}) {
    this.projectDir = options.projectDir;
  }

  use(...plugins: readonly SandboxPlugin[]): this {
    for (const plugin of plugins) this.register(plugin, namesOf(plugin));
    return this;
  }

  /** Imports a plugin package (name or path, resolved from the project) and registers every plugin its `llmsbPlugins()` returns. */
  async usePackage(packageName: string): Promise<readonly SandboxPlugin[]> {
    const plugins = pluginsOf(packageName, await importPluginPackage(packageName, this.project()));
    this.use(...plugins);
    return plugins;
  }

  async backend(nameOrPlugin: string | BackendPlugin): Promise<BackendPlugin> {
    if (typeof nameOrPlugin !== 'string') return nameOrPlugin;
    return this.resolve('backend', nameOrPlugin, UnsupportedBackendError);
  }

  async language(nameOrPlugin: string | LanguageHandler): Promise<LanguageHandler> {
    if (typeof nameOrPlugin !== 'string') return nameOrPlugin;
    return this.resolve('language', nameOrPlugin, LanguageNotSupportedError);
  }

  /** Registered names, the built-in ones, and those the app's plugin dependencies declare. */
  available(kind: 'backend' | 'language'): string[] {
    const registered = this.table(kind).keys();
    const discovered = discoverPluginPackages(this.project()).flatMap((p) => (kind === 'backend' ? p.backends : p.languages));
    return [...new Set([...registered, ...Object.keys(builtinTable(kind)), ...discovered])].sort();
  }

  private async resolve<K extends SandboxPlugin['kind']>(
    kind: K,
    requested: string,
    NotFound: NotFoundError,
  ): Promise<Extract<SandboxPlugin, { kind: K }>> {
    const name = requested.toLowerCase();
    const registered = this.table(kind).get(name);
    if (registered) return registered as Extract<SandboxPlugin, { kind: K }>;
    const builtin = builtinTable(kind)[name];
    const packageName = builtin ?? this.discover(kind, name);
    if (!packageName) throw new NotFound(requested, this.available(kind));
    const exports = await importPluginPackage(packageName, this.project());
    // Sessions opened at once all import the package; the first to get here registers its plugin.
    const raced = this.table(kind).get(name);
    if (raced) return raced as Extract<SandboxPlugin, { kind: K }>;
    const plugin = findPlugin(pluginsOf(packageName, exports), kind, name);
    if (!plugin) throw new NotFound(requested, this.available(kind));
    // A discovered plugin may claim aliases that are built-in names; it does not get them.
    this.register(plugin, builtin ? namesOf(plugin) : namesOf(plugin).filter((n) => !(n in builtinTable(kind))));
    return plugin;
  }

  /** The app's direct dependency that declares `name` (built-in names never reach here). */
  private discover(kind: SandboxPlugin['kind'], name: string): string | undefined {
    return discoverPluginPackages(this.project()).find((p) => (kind === 'backend' ? p.backends : p.languages).includes(name))?.packageName;
  }

  private register(plugin: SandboxPlugin, names: readonly string[]): void {
    const table = this.table(plugin.kind);
    for (const name of names) {
      const existing = table.get(name);
      if (existing && existing !== plugin) {
        throw new ValidationError(`A ${plugin.kind} named "${name}" is already registered.`);
      }
      table.set(name, plugin);
    }
  }

  private table(kind: SandboxPlugin['kind']): Map<string, SandboxPlugin> {
    return kind === 'backend' ? this.backends : this.languages;
  }

  private project(): string {
    return this.projectDir ?? process.cwd();
  }
}

/** The registry behind `createSession` when none is given. */
export const defaultRegistry: PluginRegistry = new PluginRegistry();

// --- Internal helpers ---

type NotFoundError = new (name: string, available: readonly string[]) => Error;

function builtinTable(kind: SandboxPlugin['kind']): Readonly<Record<string, string>> {
  return kind === 'backend' ? builtinBackends : builtinLanguages;
}
