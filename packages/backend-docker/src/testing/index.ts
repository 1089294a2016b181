export { bridgeGateway, hostAddressOnBridge, type BridgeNetworkInfo } from './bridge-address.js';
export { serveDirectory } from './serve-directory.js';
export type { ServedDirectory } from './serve-directory.js';
