export {
  SecurityIssueSeverity,
  severityName,
  securityPolicySchema,
  securityPatternSchema,
  restrictedModuleSchema,
  severitySchema,
} from './policy.js';
export type {
  RestrictedModule,
  RestrictedModuleInput,
  SecurityIssueSeverityName,
  SecurityPattern,
  SecurityPatternInput,
  SecurityPolicyData,
  SecurityPolicyInput,
} from './policy.js';
export { SecurityPolicy, createSecurityPattern } from './security-policy.js';
export { scanCode, isBlocking } from './scan.js';
export type { PolicyRules, ScanResult, SecurityViolation } from './scan.js';
export { checkLibraries, libraryName } from './libraries.js';
export { getSecurityPolicy, securityPresets } from './presets/presets.js';
export type { SecurityPresetName } from './presets/presets.js';
export type { ScannerSyntax } from './syntax.js';
export { scannerSyntaxes, builtinScannerSyntax } from './syntaxes/index.js';
export { plainSyntax } from './syntaxes/plain.js';
export { canonicalLanguage } from './languages.js';
export { lex } from './lexer.js';
export type { LexedCode } from './lexer.js';
export {
  LLMSB_ERROR_BRAND,
  SecurityPolicyError,
  InvalidRegexPatternError,
  InvalidSecurityPolicyError,
  UnknownSecurityPresetError,
} from './errors.js';
