import type { SandboxPlugin } from '@llmsb/core';
import { r } from './r.js';

export { r } from './r.js';
export type { ROptions } from './r.js';
export { rRecipe, R_LIBS_USER } from './recipe.js';
export { isRPackageName } from './package-name.js';

/** The plugins string config (`lang: 'r'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [r()];
}
