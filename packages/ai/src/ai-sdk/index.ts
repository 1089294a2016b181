export { aiSdkTools } from './ai-sdk-tools.js';
export type { AiSdkCodeResult, AiSdkSandboxTools } from './ai-sdk-tools.js';
