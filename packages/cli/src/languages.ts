import type { LanguageHandler } from '@llmsb/core';
import { cpp } from '@llmsb/lang-cpp';
import { go } from '@llmsb/lang-go';
import { java } from '@llmsb/lang-java';
import { javascript, typescript } from '@llmsb/lang-js';
import { python } from '@llmsb/lang-python';
import { r } from '@llmsb/lang-r';
import { ruby } from '@llmsb/lang-ruby';
import { UsageError } from './usage-error.js';

/** The language plugins this CLI ships with; a new one joins here and in package.json. */
export const LANGUAGES: readonly LanguageHandler[] = [python(), javascript(), typescript(), java(), ruby(), r(), cpp(), go()];

/** Finds a language by name or alias (case-insensitive); an unknown one is a usage error naming the known ones. */
export function findLanguage(name: string): LanguageHandler {
  const wanted = name.toLowerCase();
  const found = LANGUAGES.find((language) => [language.name, ...(language.aliases ?? [])].includes(wanted));
  if (!found) throw new UsageError(`Language "${name}" is not supported. Available: ${describeLanguages()}.`);
  return found;
}

/** `python (py, python3)`, ... */
export function describeLanguages(): string {
  return LANGUAGES.map((l) => (l.aliases?.length ? `${l.name} (${l.aliases.join(', ')})` : l.name)).join(', ');
}
