import { silentLogger } from '../logger.js';
import { runtimeConfigSchema, type RuntimeConfigInput } from '../options.js';
import type { BackendOpenContext, LanguageHandler } from '../types.js';

export type OpenContextOverrides = Omit<Partial<BackendOpenContext>, 'runtimeConfig'> & { runtimeConfig?: RuntimeConfigInput };

/** A `BackendOpenContext` with the session defaults, for tests that open a backend directly. */
export function testOpenContext(language: LanguageHandler, overrides: OpenContextOverrides = {}): BackendOpenContext {
  const { runtimeConfig, ...rest } = overrides;
  return {
    language,
    workdir: '/sandbox',
    runtimeConfig: runtimeConfigSchema.parse(runtimeConfig ?? {}),
    keepTemplate: false,
    commitContainer: false,
    buildMissingImage: false,
    supervisor: false,
    labels: { 'llmsb.managed': 'true', 'llmsb.test': 'conformance' },
    logger: silentLogger,
    ...rest,
  };
}
