export { langchainTools } from './langchain-tools.js';
export type { LangchainCodeArtifact, LangchainSandboxTools } from './langchain-tools.js';
