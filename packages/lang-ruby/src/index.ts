import type { SandboxPlugin } from '@llmsb/core';
import { ruby } from './ruby.js';

export { ruby } from './ruby.js';
export type { RubyOptions } from './ruby.js';
export { rubyRecipe, GEM_HOME } from './recipe.js';
export { isGemName } from './gem-name.js';

/** The plugins string config (`lang: 'ruby'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [ruby()];
}
