import { z } from 'zod';

/** Severity of a finding; a policy blocks findings at or above its threshold (SAFE: report only). */
export const SecurityIssueSeverity = { SAFE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 } as const;
export type SecurityIssueSeverity = (typeof SecurityIssueSeverity)[keyof typeof SecurityIssueSeverity];

const severitySchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);

export const securityPatternSchema = z.object({
  /** Regular expression (JavaScript syntax) searched for in code with comments removed. */
  pattern: z.string().min(1),
  description: z.string(),
  severity: severitySchema,
  /** Languages the pattern applies to; omitted: every language. */
  languages: z.array(z.string()).optional(),
});
export type SecurityPattern = z.output<typeof securityPatternSchema>;

export const restrictedModuleSchema = z.object({
  /** Module/package name as imported (`os`, `fs`, `java.io`). */
  name: z.string().min(1),
  description: z.string(),
  severity: severitySchema,
  languages: z.array(z.string()).optional(),
});
export type RestrictedModule = z.output<typeof restrictedModuleSchema>;

export const securityPolicySchema = z.object({
  /** Findings at or above this severity block; SAFE reports only. Default: SAFE. */
  severityThreshold: severitySchema.default(SecurityIssueSeverity.SAFE),
  patterns: z.array(securityPatternSchema).default([]),
  restrictedModules: z.array(restrictedModuleSchema).default([]),
});
export type SecurityPolicyData = z.output<typeof securityPolicySchema>;
export type SecurityPolicyInput = z.input<typeof securityPolicySchema>;
