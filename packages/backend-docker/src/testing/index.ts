export { bridgeGateway, serveDirectory } from './serve-directory.js';
export type { ServedDirectory } from './serve-directory.js';
