import type { SandboxPlugin } from '@llmsb/core';
import { python } from './python.js';

export { python } from './python.js';
export type { PythonOptions } from './python.js';
export { pythonRecipe, VENV } from './recipe.js';

/** The plugins string config (`lang: 'python'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [python()];
}
