export { SecurityIssueSeverity, securityPolicySchema, securityPatternSchema, restrictedModuleSchema } from './policy.js';
export type { SecurityPattern, RestrictedModule, SecurityPolicyData, SecurityPolicyInput } from './policy.js';
export { SecurityPolicy, createSecurityPattern } from './security-policy.js';
export { InvalidPatternSyntaxError } from './invalid-pattern.js';
