import { shellQuote, type LanguageHandler } from '@llmsb/core';

/**
 * A third-party language plugin: Bash scripts. It uses only @llmsb/core's public contract —
 * core was not changed to add it. Register it with `registry.use(bash())`.
 */
export function bash(): LanguageHandler {
  return {
    kind: 'language',
    name: 'bash',
    aliases: ['sh-bash'],
    fileExtension: 'sh',
    // Bash is part of every Debian base; the recipe only adds what scripts commonly call.
    imageRecipe: { repository: 'llmsb-example/bash', aptPackages: ['jq'], setup: [], env: {} },
    runCommands: (file) => [`bash ${shellQuote(file)}`],
    scanner: {
      lineComment: '#',
      stringDelimiters: ['"', "'"],
      importPattern: (module) => `(?:^|\\n)\\s*(?:source|\\.)\\s+\\S*${module}\\b`,
    },
  };
}
