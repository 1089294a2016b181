// The engine seam other backends build on (`@llmsb/backend-docker/internal`): not part of the
// public API, versioned with the workspace.
export { openEngineContainer } from './docker-backend.js';
export { DOCKER_FLAVOR } from './engine-flavor.js';
export type { EngineFlavor } from './engine-flavor.js';
export { unreachable, isConnectionError, statusCode } from './connect.js';
