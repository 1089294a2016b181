import { builtinLanguages, LanguageNotSupportedError, type LanguageHandler, type PluginRegistry } from '@llmsb/core';
import { describeLanguages, LANGUAGES } from './languages.js';
import { cliRegistry } from './open-session.js';
import { UsageError } from './usage-error.js';

/** The CLI's registry plus the languages and backends of third-party plugins. */
export interface CliPlugins {
  readonly registry: PluginRegistry;
  /** Languages the `--plugin` packages added (in the order given). */
  readonly extraLanguages: readonly LanguageHandler[];
}

/**
 * Registers each `--plugin` package (a package name resolved from the current directory's
 * project, or a path) on top of the plugins the CLI ships with.
 */
export async function loadPlugins(packages: readonly string[]): Promise<CliPlugins> {
  const registry = cliRegistry();
  const extraLanguages: LanguageHandler[] = [];
  for (const name of packages) {
    for (const plugin of await registry.usePackage(name)) if (plugin.kind === 'language') extraLanguages.push(plugin);
  }
  return { registry, extraLanguages };
}

/**
 * A language by name: the CLI's own, a `--plugin` package's, or one a direct dependency of the
 * current directory's project declares in its package.json `llmsb` field.
 */
export async function resolveLanguage(plugins: CliPlugins, name: string): Promise<LanguageHandler> {
  try {
    return await plugins.registry.language(name);
  } catch (error) {
    if (!(error instanceof LanguageNotSupportedError)) throw error;
    const shipped = new Set([...LANGUAGES.flatMap((l) => [l.name, ...(l.aliases ?? [])]), ...Object.keys(builtinLanguages)]);
    const extra = plugins.registry.available('language').filter((n) => !shipped.has(n));
    throw new UsageError(
      `Language "${name}" is not supported. Available: ${describeLanguages()}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}. ` +
        'A third-party language needs --plugin PKG, or the package as a dependency of the project in the current directory.',
    );
  }
}
