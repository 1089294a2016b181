import { InvalidPatternSyntaxError } from './invalid-pattern.js';
import {
  securityPatternSchema,
  securityPolicySchema,
  type RestrictedModule,
  type SecurityIssueSeverity,
  type SecurityPattern,
  type SecurityPolicyData,
  type SecurityPolicyInput,
} from './policy.js';

/** Checks a pattern's regex and returns it as data; an invalid regex throws. */
export function createSecurityPattern(input: SecurityPattern): SecurityPattern {
  const pattern = securityPatternSchema.parse(input);
  try {
    new RegExp(pattern.pattern, 'm');
  } catch (error) {
    throw new InvalidPatternSyntaxError(pattern.pattern, error);
  }
  return pattern;
}

/** A security policy: serialisable data plus the seed's `addPattern` / `addRestrictedModule`. */
export class SecurityPolicy {
  severityThreshold: SecurityIssueSeverity;
  readonly patterns: SecurityPattern[];
  readonly restrictedModules: RestrictedModule[];

  constructor(input: SecurityPolicyInput = {}) {
    const data = securityPolicySchema.parse(input);
    this.severityThreshold = data.severityThreshold;
    this.patterns = data.patterns.map(createSecurityPattern);
    this.restrictedModules = data.restrictedModules;
  }

  addPattern(pattern: SecurityPattern): this {
    this.patterns.push(createSecurityPattern(pattern));
    return this;
  }

  addRestrictedModule(module: RestrictedModule): this {
    this.restrictedModules.push(module);
    return this;
  }

  toJSON(): SecurityPolicyData {
    return {
      severityThreshold: this.severityThreshold,
      patterns: this.patterns.map((p) => ({ ...p })),
      restrictedModules: this.restrictedModules.map((m) => ({ ...m })),
    };
  }

  static fromJSON(data: unknown): SecurityPolicy {
    return new SecurityPolicy(securityPolicySchema.parse(data));
  }
}
