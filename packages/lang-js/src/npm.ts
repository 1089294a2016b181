import { shellQuote } from '@llmsb/core';
import { NPM_PREFIX } from './recipe.js';

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

/** Version parts npm would read as a git, hosted-git, file or alias spec rather than a range or tag. */
const NOT_A_RANGE = /@(?:git|github|gist|gitlab|bitbucket|file|https?|npm|link)(?:$|[+:])/i;

export function isNpmPackageSpec(name: string): boolean {
  return name.length <= 214 && PACKAGE_SPEC.test(name) && !NOT_A_RANGE.test(name.replace(/^@[^/]*\//, ''));
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
 * npm reading nothing the code could have written: user and global config pinned to empty files,
 * the cache under the installer's HOME (the image's `npm_config_cache` is in `/tmp`). In an llmsb
 * image it installs into the installer's `NPM_PREFIX`, whose `.npmrc` only the installer could
 * write; in a foreign image into the workdir's `node_modules`, as the code's user. Lifecycle
 * scripts run as that same identity, never as root.
 */
export function npmInstallCommand(libraries: readonly string[]): string {
  return [
    `prefix=$PWD; [ -w ${NPM_PREFIX} ] && prefix=${NPM_PREFIX}`,
    // npm refuses one file as both user and global config: an empty one of its own for the user's.
    'c=$(mktemp -d) && : > "$c/npmrc"',
    'npm install --prefix "$prefix" --userconfig "$c/npmrc" --globalconfig /dev/null --cache "$HOME/.npm" ' +
      `--no-audit --no-fund --loglevel=error -- ${libraries.map(shellQuote).join(' ')}`,
    'rc=$?; rm -rf "$c"; exit $rc',
  ].join('\n');
}
