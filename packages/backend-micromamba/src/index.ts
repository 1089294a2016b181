import type { SandboxPlugin } from '@llmsb/core';
import { micromambaBackend } from './micromamba-backend.js';

export { micromambaBackend, openMicromambaContainer, DEFAULT_MICROMAMBA_IMAGE } from './micromamba-backend.js';
export type { MicromambaBackendOptions } from './micromamba-backend.js';
export { MicromambaContainer, micromambaArgv } from './micromamba-container.js';
export { withMicromambaInstall } from './micromamba-install.js';
export type { MicromambaInstallOptions } from './micromamba-install.js';

/** The plugins string config (`backend: 'micromamba'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [micromambaBackend()];
}
