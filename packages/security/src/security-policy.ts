import { z } from 'zod';
import { InvalidRegexPatternError, InvalidSecurityPolicyError } from './errors.js';
import {
  restrictedModuleSchema,
  securityPatternSchema,
  securityPolicySchema,
  type RestrictedModule,
  type RestrictedModuleInput,
  type SecurityIssueSeverity,
  type SecurityPattern,
  type SecurityPatternInput,
  type SecurityPolicyData,
  type SecurityPolicyInput,
} from './policy.js';

/** Validates a pattern and checks that its regex compiles; a bad regex throws `InvalidRegexPatternError`. */
export function createSecurityPattern(input: SecurityPatternInput): SecurityPattern {
  const pattern = parse(securityPatternSchema, input, 'security pattern');
  try {
    new RegExp(pattern.pattern, 'm');
  } catch (error) {
    throw new InvalidRegexPatternError(pattern.pattern, error);
  }
  return pattern;
}

/**
 * A security policy: plain, JSON-serialisable data plus upstream's `addPattern` /
 * `addRestrictedModule`. Scanning never mutates it.
 */
export class SecurityPolicy {
  severityThreshold: SecurityIssueSeverity;
  readonly patterns: SecurityPattern[];
  readonly restrictedModules: RestrictedModule[];

  constructor(input: SecurityPolicyInput = {}) {
    const data = parse(securityPolicySchema, input, 'security policy');
    this.severityThreshold = data.severityThreshold;
    this.patterns = data.patterns.map(createSecurityPattern);
    this.restrictedModules = data.restrictedModules;
  }

  addPattern(pattern: SecurityPatternInput): this {
    this.patterns.push(createSecurityPattern(pattern));
    return this;
  }

  addRestrictedModule(module: RestrictedModuleInput): this {
    this.restrictedModules.push(parse(restrictedModuleSchema, module, 'restricted module'));
    return this;
  }

  /** A deep copy: changing it leaves this policy as it is. */
  clone(): SecurityPolicy {
    return new SecurityPolicy(this.toJSON());
  }

  toJSON(): SecurityPolicyData {
    return {
      severityThreshold: this.severityThreshold,
      patterns: this.patterns.map((p) => ({ ...p, ...(p.languages ? { languages: [...p.languages] } : {}) })),
      restrictedModules: this.restrictedModules.map((m) => ({ ...m, ...(m.languages ? { languages: [...m.languages] } : {}) })),
    };
  }

  /** Builds a policy from `toJSON()` output (or a parsed JSON string). */
  static fromJSON(data: unknown): SecurityPolicy {
    return new SecurityPolicy(parse(securityPolicySchema, typeof data === 'string' ? JSON.parse(data) : data, 'security policy'));
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new InvalidSecurityPolicyError(`Invalid ${what}: ${problems.join('; ')}. See SecurityPolicy in @llmsb/security.`);
}
