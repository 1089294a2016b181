import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The example third-party plugin, built (`pnpm --filter llmsb-example-lang-bash build`). */
export const BASH_PLUGIN_DIR = fileURLToPath(new URL('../../../examples/lang-bash', import.meta.url));
const PACKAGES_DIR = fileURLToPath(new URL('../..', import.meta.url));

interface ScratchApp {
  /** Packages in node_modules: name → folder, linked the way `npm i <folder>` links them. */
  readonly installed: Readonly<Record<string, string>>;
  /** The names package.json lists as dependencies (default: every installed one). */
  readonly dependencies?: readonly string[];
}

/** A fresh app folder outside the workspace: a package.json and a node_modules of links. */
export async function scratchApp(app: ScratchApp): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'llmsb-app-')));
  const listed = app.dependencies ?? Object.keys(app.installed);
  const dependencies = Object.fromEntries(listed.map((name) => [name, `file:${relative(dir, app.installed[name] ?? '')}`]));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module', dependencies }, null, 2));
  for (const [name, target] of Object.entries(app.installed)) {
    const link = join(dir, 'node_modules', name);
    await mkdir(join(link, '..'), { recursive: true });
    await symlink(target, link, 'dir');
  }
  return dir;
}

/** A workspace package's folder, e.g. `lang-python`. */
export function workspacePackage(folder: string): string {
  return join(PACKAGES_DIR, folder);
}

/**
 * A minimal plugin package written as plain files: it declares `names` in its `llmsb` field and
 * its `llmsbPlugins()` returns one language with those names (the first is the name) that runs
 * the code file with `command` (default `cat`).
 */
export async function writePluginPackage(
  parent: string,
  packageName: string,
  names: readonly string[],
  options: { readonly command?: string; readonly repository?: string } = {},
): Promise<string> {
  const dir = join(parent, 'plugin-sources', packageName);
  await mkdir(dir, { recursive: true });
  const [name, ...aliases] = names;
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: packageName, version: '1.0.0', type: 'module', exports: './index.js', llmsb: { languages: names } }),
  );
  const language = {
    kind: 'language',
    name,
    aliases,
    fileExtension: 'txt',
    imageRecipe: { repository: options.repository ?? `scratch/${String(name)}`, aptPackages: [], setup: [], env: {} },
  };
  await writeFile(
    join(dir, 'index.js'),
    `const language = ${JSON.stringify(language)};\nexport function llmsbPlugins() {\n  return [{ ...language, runCommands: (file) => [${JSON.stringify(`${options.command ?? 'cat'} `)} + file] }];\n}\n`,
  );
  return dir;
}
