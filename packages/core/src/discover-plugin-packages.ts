import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The convention that lets string config find a third-party plugin: a package among the app's
 * direct dependencies whose package.json declares the names it provides, e.g.
 *
 *     "llmsb": { "languages": ["bash", "sh-bash"], "backends": [] }
 *
 * Names are declared rather than discovered by importing, so a lookup imports only the one
 * package that claims the name, and `available()` can list names without importing anything.
 */
export interface DiscoveredPlugins {
  readonly packageName: string;
  readonly languages: readonly string[];
  readonly backends: readonly string[];
}

/**
 * Reads the nearest package.json at or above `projectDir` and returns its direct dependencies
 * (dependencies, devDependencies, optionalDependencies) that declare an `llmsb` field. Transitive
 * packages are never considered: only what the app chose to install can add a name.
 */
export function discoverPluginPackages(projectDir: string): DiscoveredPlugins[] {
  const manifest = nearestPackageJson(projectDir);
  if (!manifest) return [];
  const app = readJson(manifest);
  const names = new Set<string>();
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = app?.[field];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
  }
  const found: DiscoveredPlugins[] = [];
  for (const packageName of [...names].sort()) {
    const declared = readDeclaration(dirname(manifest), packageName);
    if (declared) found.push(declared);
  }
  return found;
}

// --- Internal helpers ---

function nearestPackageJson(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Finds the dependency's package.json the way Node looks up `node_modules`, from the app upward. */
function readDeclaration(appDir: string, packageName: string): DiscoveredPlugins | undefined {
  for (let dir = appDir; ; dir = dirname(dir)) {
    const manifest = readJson(join(dir, 'node_modules', packageName, 'package.json'));
    if (manifest) return toDeclaration(packageName, manifest['llmsb']);
    if (dirname(dir) === dir) return undefined;
  }
}

function toDeclaration(packageName: string, field: unknown): DiscoveredPlugins | undefined {
  if (!field || typeof field !== 'object') return undefined;
  const names = (key: string): string[] => {
    const list = (field as Record<string, unknown>)[key];
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase()) : [];
  };
  return { packageName, languages: names('languages'), backends: names('backends') };
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
