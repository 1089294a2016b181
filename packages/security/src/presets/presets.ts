import { UnknownSecurityPresetError } from '../errors.js';
import { SecurityIssueSeverity, type RestrictedModuleInput, type SecurityPatternInput } from '../policy.js';
import { SecurityPolicy } from '../security-policy.js';
import { groupModules, rulePatterns, type ModuleGroup, type Rule } from './families.js';
import {
  CONCURRENCY_MODULES,
  FILE_MODULES,
  HTTP_MODULES,
  INTROSPECTION_MODULES,
  NATIVE_MODULES,
  OS_MODULES,
  PROCESS_MODULES,
  SERIALIZATION_MODULES,
  SOCKET_MODULES,
} from './modules.js';
import { ENVIRONMENT, FILE_READ, FILE_WRITE, HTTP, RAW_SOCKETS, SOCKETS } from './rules-io.js';
import { DESERIALIZE, NATIVE_CODE, PROCESS_CONTROL, REFLECTION } from './rules-system.js';
import { DESTRUCTIVE_COMMAND, EVAL, FILE_DELETE, HOST_ACCESS, SHELL } from './rules.js';

const { LOW, MEDIUM, HIGH } = SecurityIssueSeverity;

interface Preset {
  readonly description: string;
  readonly threshold: SecurityIssueSeverity;
  readonly rules: readonly (readonly [Rule, SecurityIssueSeverity])[];
  readonly modules: readonly (readonly [ModuleGroup, SecurityIssueSeverity])[];
}

const ALWAYS = [
  [DESTRUCTIVE_COMMAND, HIGH],
  [HOST_ACCESS, HIGH],
] as const;

const PRESETS = {
  minimal: {
    description: 'Blocks only the catastrophic: wiping disks, reaching the host, native code',
    threshold: HIGH,
    rules: [...ALWAYS, [NATIVE_CODE, HIGH]],
    modules: [[NATIVE_MODULES, HIGH]],
  },
  development: {
    description: 'For trusted experiments: also blocks running shell commands',
    threshold: HIGH,
    rules: [...ALWAYS, [SHELL, HIGH], [NATIVE_CODE, HIGH]],
    modules: [
      [NATIVE_MODULES, HIGH],
      [PROCESS_MODULES, HIGH],
    ],
  },
  educational: {
    description: "For learners' code: no shell, no deleting files, no raw sockets; eval is reported",
    threshold: MEDIUM,
    rules: [...ALWAYS, [SHELL, HIGH], [FILE_DELETE, HIGH], [NATIVE_CODE, HIGH], [RAW_SOCKETS, MEDIUM], [EVAL, LOW]],
    modules: [
      [PROCESS_MODULES, HIGH],
      [OS_MODULES, HIGH],
      [NATIVE_MODULES, MEDIUM],
      [SOCKET_MODULES, LOW],
    ],
  },
  data_science: {
    description: 'For analysis: files and HTTP downloads are fine (reported), programs and sockets are not',
    threshold: MEDIUM,
    rules: [
      ...ALWAYS,
      [SHELL, HIGH],
      [FILE_DELETE, HIGH],
      [NATIVE_CODE, HIGH],
      [SOCKETS, MEDIUM],
      [RAW_SOCKETS, MEDIUM],
      [FILE_WRITE, LOW],
      [DESERIALIZE, LOW],
    ],
    modules: [
      [PROCESS_MODULES, HIGH],
      [NATIVE_MODULES, MEDIUM],
      [SOCKET_MODULES, MEDIUM],
      [HTTP_MODULES, LOW],
    ],
  },
  web_scraping: {
    description: 'For fetching pages: HTTP clients are fine (reported), programs and raw sockets are not',
    threshold: MEDIUM,
    rules: [...ALWAYS, [SHELL, HIGH], [FILE_DELETE, HIGH], [NATIVE_CODE, HIGH], [SOCKETS, MEDIUM], [RAW_SOCKETS, MEDIUM], [FILE_WRITE, LOW]],
    modules: [
      [PROCESS_MODULES, HIGH],
      [NATIVE_MODULES, HIGH],
      [SOCKET_MODULES, MEDIUM],
      [HTTP_MODULES, LOW],
    ],
  },
  production: {
    description: 'For services running model output: blocks everything it reports, down to reading the environment',
    threshold: LOW,
    rules: [
      ...ALWAYS,
      [SHELL, HIGH],
      [FILE_DELETE, HIGH],
      [NATIVE_CODE, HIGH],
      [EVAL, MEDIUM],
      [FILE_WRITE, MEDIUM],
      [SOCKETS, MEDIUM],
      [RAW_SOCKETS, MEDIUM],
      [PROCESS_CONTROL, MEDIUM],
      [ENVIRONMENT, LOW],
    ],
    modules: [
      [PROCESS_MODULES, HIGH],
      [OS_MODULES, HIGH],
      [NATIVE_MODULES, HIGH],
      [SOCKET_MODULES, MEDIUM],
      [CONCURRENCY_MODULES, MEDIUM],
    ],
  },
  strict: {
    description: 'Pure computation only: no files, network, processes, reflection or dynamic code',
    threshold: LOW,
    rules: [
      ...ALWAYS,
      [SHELL, HIGH],
      [FILE_DELETE, HIGH],
      [NATIVE_CODE, HIGH],
      [EVAL, HIGH],
      [FILE_WRITE, MEDIUM],
      [FILE_READ, MEDIUM],
      [SOCKETS, MEDIUM],
      [RAW_SOCKETS, MEDIUM],
      [HTTP, MEDIUM],
      [PROCESS_CONTROL, MEDIUM],
      [ENVIRONMENT, LOW],
      [REFLECTION, LOW],
      [DESERIALIZE, LOW],
    ],
    modules: [
      [PROCESS_MODULES, HIGH],
      [OS_MODULES, HIGH],
      [NATIVE_MODULES, HIGH],
      [INTROSPECTION_MODULES, MEDIUM],
      [SOCKET_MODULES, MEDIUM],
      [HTTP_MODULES, MEDIUM],
      [FILE_MODULES, MEDIUM],
      [CONCURRENCY_MODULES, LOW],
      [SERIALIZATION_MODULES, LOW],
    ],
  },
} as const satisfies Record<string, Preset>;

export type SecurityPresetName = keyof typeof PRESETS;

/** Preset names with a one-line description each. */
export const securityPresets: Readonly<Record<SecurityPresetName, string>> = Object.fromEntries(
  Object.entries(PRESETS).map(([name, preset]) => [name, preset.description]),
) as Record<SecurityPresetName, string>;

/**
 * A fresh copy of a preset policy (changing it never changes the next one). Names are
 * case-insensitive and `-` equals `_`; an unknown name throws `UnknownSecurityPresetError`.
 */
export function getSecurityPolicy(name: string): SecurityPolicy {
  const key = name.trim().toLowerCase().replace(/-/g, '_');
  if (!Object.hasOwn(PRESETS, key)) throw new UnknownSecurityPresetError(name, Object.keys(PRESETS));
  const preset: Preset = PRESETS[key as SecurityPresetName];
  const patterns: SecurityPatternInput[] = preset.rules.flatMap(([rule, severity]) => rulePatterns(rule, severity));
  const restrictedModules: RestrictedModuleInput[] = preset.modules.flatMap(([group, severity]) => groupModules(group, severity));
  return new SecurityPolicy({ severityThreshold: preset.threshold, patterns, restrictedModules });
}
