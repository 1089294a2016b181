import { readFileSync } from 'node:fs';

/** The CLI's version, from its own package.json (dist/ sits next to it). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
