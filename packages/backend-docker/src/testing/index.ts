export { bridgeGateway, hostAddressOnBridge, type BridgeNetworkInfo } from './bridge-address.js';
export { serveDirectory } from './serve-directory.js';
export type { ServedDirectory } from './serve-directory.js';
export { PROCESS_LISTING } from './process-listing.js';
export { describeSupervisor } from './supervisor-suite.js';
export type { SupervisorSuiteOptions } from './supervisor-suite.js';
export { describeInstallSteering } from './install-steering-suite.js';
export type { InstallSteeringSuiteOptions } from './install-steering-suite.js';
export { plantFiles, serveTrap, type Trap } from './steering.js';
