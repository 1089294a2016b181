import type { SandboxPlugin } from '@llmsb/core';
import { podmanBackend } from './podman-backend.js';

export { podmanBackend, openPodmanContainer } from './podman-backend.js';
export type { PodmanBackendOptions } from './podman-backend.js';
export { connectPodman } from './connect-podman.js';
export type { PodmanConnectOptions } from './connect-podman.js';
export { socketStrategies, ROOTFUL_SOCKET } from './discover-socket.js';
export type { SocketStrategy, DiscoveryInput } from './discover-socket.js';
export { copyImageToPodman } from './copy-image.js';
export type { CopyImageOptions, CopyImageResult } from './copy-image.js';
export { PODMAN_FLAVOR } from './podman-flavor.js';

/** The plugins string config (`backend: 'podman'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [podmanBackend()];
}
