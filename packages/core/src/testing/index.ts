export * from './fake.js';
export { describeBackend } from './conformance.js';
export type { ConformanceOptions } from './conformance.js';
export { describeFileApi } from './file-api-suite.js';
export type { FileApiSuiteOptions } from './file-api-suite.js';
export { describePool } from './pool-suite.js';
export type { PoolSuiteOptions } from './pool-suite.js';
export { describeLanguage } from './language-suite.js';
export type { LanguageSamples, LanguageSuiteOptions } from './language-suite.js';
