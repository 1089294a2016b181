import type { SandboxPlugin } from '@llmsb/core';
import { dockerBackend } from './docker-backend.js';

export { dockerBackend, openDockerContainer } from './docker-backend.js';
export type { DockerBackendOptions } from './docker-backend.js';
export { DockerContainer } from './docker-container.js';
export { connectDocker, createClient } from './connect.js';
export type { ConnectOptions, DockerConnection } from './connect.js';
export { createOptions, KEPT_CAPABILITIES } from './create-options.js';
export { cleanupContainers } from './cleanup.js';
/** Also exported by `@llmsb/core`, where they live (every backend's sweep shares them). */
export type { CleanupOptions, CleanupReport } from '@llmsb/core';
export { buildLanguageImage } from './images/build-language-image.js';
export type { BuildImageOptions, BuiltImage } from './images/build-language-image.js';
export { ensureBaseImage, BOOTSTRAPPED_BASE_IMAGE, PUBLIC_BASE_IMAGE } from './images/base-image.js';
export type { BaseImageChoice } from './images/base-image.js';
export { renderDockerfile } from './images/render-dockerfile.js';
export { readCaCertificates } from './images/build-context.js';
/** Also exported by `@llmsb/core`, where they live (every backend looks for the same image tag). */
export { recipeHash, recipeImageTag, IMAGE_LABELS, SANDBOX_USER } from '@llmsb/core';
export { imageExists } from './images/engine-build.js';
export { ensureSupervisorImage } from './images/supervisor-image.js';
export { pruneOutdatedImages } from './images/prune-outdated.js';
export type { PruneOutcome } from './images/prune-outdated.js';

/** The plugins string config (`backend: 'docker'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [dockerBackend()];
}
