import type { SandboxPlugin } from '@llmsb/core';
import { bash } from './bash.js';

export { bash } from './bash.js';

/** Lets string config (`lang: 'bash'`) find the plugin once the package is installed. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [bash()];
}
