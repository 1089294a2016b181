import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MissingDependencyError } from './errors.js';

/**
 * Imports a plugin package, resolved from the user's project (`projectDir`, default the current
 * directory) first and from core's own location second, so a plugin installed next to the app is
 * found even when core sits elsewhere (pnpm's isolated layout). A relative path (`./my-plugin`)
 * is resolved from `projectDir` too.
 */
export async function importPluginPackage(packageName: string, projectDir: string = process.cwd()): Promise<Record<string, unknown>> {
  const fromProject = resolveFrom(join(projectDir, 'package.json'), packageName);
  try {
    return (await import(fromProject ? pathToFileURL(fromProject).href : packageName)) as Record<string, unknown>;
  } catch (error) {
    if (isModuleNotFound(error)) throw new MissingDependencyError(packageName, error);
    throw error;
  }
}

// --- Internal helpers ---

function resolveFrom(base: string, packageName: string): string | undefined {
  try {
    return createRequire(base).resolve(packageName);
  } catch {
    return undefined;
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
