import type { SandboxPlugin } from '@llmsb/core';
import { go } from './go.js';

export { go } from './go.js';
export type { GoOptions } from './go.js';
export { goRecipe, GO_MODULE, GO_HOME } from './recipe.js';
export { isGoModulePath } from './module-path.js';

/** The plugins string config (`lang: 'go'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [go()];
}
