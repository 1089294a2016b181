import { shellQuote, type LanguageHandler } from '@llmsb/core';
import { isNpmPackageSpec, npmEnv, npmInstallCommand, type NpmOptions } from './npm.js';
import { nodeRecipe } from './recipe.js';
import { javascriptScanner } from './scanner.js';

export type TypeScriptOptions = NpmOptions;

/**
 * TypeScript without a build step: tsx strips the types (it does not type-check) and runs the
 * result on Node, accepting `import` and `require` alike. Libraries install with npm.
 */
export function typescript(options: TypeScriptOptions = {}): LanguageHandler {
  return {
    kind: 'language',
    name: 'typescript',
    aliases: ['ts'],
    fileExtension: 'ts',
    imageRecipe: nodeRecipe,
    env: npmEnv(options),
    runCommands: (file) => [`tsx ${shellQuote(file)}`],
    installCommand: npmInstallCommand,
    validateLibraryName: isNpmPackageSpec,
    scanner: javascriptScanner,
  };
}
