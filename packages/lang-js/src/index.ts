import type { SandboxPlugin } from '@llmsb/core';
import { javascript } from './javascript.js';
import { typescript } from './typescript.js';

export { javascript } from './javascript.js';
export type { JavaScriptOptions } from './javascript.js';
export { typescript } from './typescript.js';
export type { TypeScriptOptions } from './typescript.js';
export type { NpmOptions } from './npm.js';
export { isNpmPackageSpec } from './npm.js';
export { ESBUILD_VERSION, nodeRecipe } from './recipe.js';

/** The plugins string config (`lang: 'javascript'`, `lang: 'typescript'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [javascript(), typescript()];
}
