import { z } from 'zod';

/** Severity of a finding. A policy blocks findings at or above its threshold; SAFE reports only. */
export const SecurityIssueSeverity = { SAFE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 } as const;
export type SecurityIssueSeverity = (typeof SecurityIssueSeverity)[keyof typeof SecurityIssueSeverity];
export type SecurityIssueSeverityName = keyof typeof SecurityIssueSeverity;

const severityNames = Object.keys(SecurityIssueSeverity) as SecurityIssueSeverityName[];

/** A severity as a number (0–3, as upstream serialises it) or a name (`'HIGH'`, `'high'`). */
export const severitySchema = z.union([
  z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  z
    .string()
    .transform((name) => name.toUpperCase())
    .pipe(z.enum(severityNames))
    .transform((name) => SecurityIssueSeverity[name]),
]);

/** Names of languages a rule applies to (`'python'`, `'javascript'`, ...); omitted: every language. */
const languagesSchema = z.array(z.string().min(1)).optional();

export const securityPatternSchema = z.object({
  /** Regular expression (JavaScript syntax, compiled with the `m` flag) searched for in the code. */
  pattern: z.string().min(1),
  description: z.string(),
  severity: severitySchema,
  languages: languagesSchema,
  /** Whether matches inside plain string literals (docstrings, messages) count. Default: true; false keeps the pattern to code. */
  inStrings: z.boolean().optional(),
});
export type SecurityPattern = z.output<typeof securityPatternSchema>;
export type SecurityPatternInput = z.input<typeof securityPatternSchema>;

export const restrictedModuleSchema = z.object({
  /** Module or package as imported (`os`, `child_process`, `java.io`, `sys/socket.h`, `os/exec`). */
  name: z.string().min(1),
  description: z.string(),
  severity: severitySchema,
  languages: languagesSchema,
});
export type RestrictedModule = z.output<typeof restrictedModuleSchema>;
export type RestrictedModuleInput = z.input<typeof restrictedModuleSchema>;

export const securityPolicySchema = z.object({
  /** Findings at or above this severity block (unless it is SAFE, which reports only). Default: SAFE. */
  severityThreshold: severitySchema.default(SecurityIssueSeverity.SAFE),
  /** Rules matched against the code (comments removed). `null` (upstream's JSON) means none. */
  patterns: z
    .array(securityPatternSchema)
    .nullish()
    .transform((list) => list ?? []),
  /** Modules whose import is a finding, and which `install()` refuses. `null` means none. */
  restrictedModules: z
    .array(restrictedModuleSchema)
    .nullish()
    .transform((list) => list ?? []),
});
export type SecurityPolicyData = z.output<typeof securityPolicySchema>;
export type SecurityPolicyInput = z.input<typeof securityPolicySchema>;

/** The severity's name, for messages. */
export function severityName(severity: SecurityIssueSeverity): SecurityIssueSeverityName {
  return severityNames[severity] ?? 'HIGH';
}
