import type { SandboxPlugin } from '@llmsb/core';
import { cpp } from './cpp.js';

export { cpp } from './cpp.js';
export type { CppOptions } from './cpp.js';
export { cppRecipe } from './recipe.js';
export { debianPackageFor, isDebianPackageName } from './debian-packages.js';

/** The plugins string config (`lang: 'cpp'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [cpp()];
}
