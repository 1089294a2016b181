import { readFileSync } from 'node:fs';

/**
 * Version stamped on every sandbox's `llmsb.version` label: core's own package.json version
 * (`src/` and `dist/` both sit next to it, in the repo and in a published package alike).
 */
export const LIBRARY_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
