import { shellQuote } from '@llmsb/core';

/** Options shared by the JavaScript and TypeScript plugins. */
export interface NpmOptions {
  /** npm registry for `libraries` / `install()` (a mirror, Artifactory, Nexus). Default: npm's. */
  readonly registry?: string;
}

/**
 * An npm package name (optionally `@scope/`) with an optional version, range or tag after `@`.
 * Paths, URLs, git specs and aliases (`npm:`) are refused: they could fetch from anywhere.
 * Upper case is allowed for the legacy packages that still have it.
 */
const PACKAGE_SPEC = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(?:@[a-z0-9.^~<>=*|+_-]+)?$/i;

export function isNpmPackageSpec(name: string): boolean {
  return name.length <= 214 && PACKAGE_SPEC.test(name);
}

/** npm settings every process gets: no update, audit or funding chatter, the chosen registry. */
export function npmEnv(options: NpmOptions): Record<string, string> {
  return {
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...(options.registry ? { npm_config_registry: options.registry } : {}),
  };
}

/**
 * Installs into `node_modules` of the workdir (the install's working directory), where Node's
 * resolution finds them from the code file; runs as the sandbox user, install scripts included.
 */
export function npmInstallCommand(libraries: readonly string[]): string {
  return `npm install --prefix "$PWD" --no-audit --no-fund --loglevel=error -- ${libraries.map(shellQuote).join(' ')}`;
}
