import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { isEsModule } from './module-syntax.js';
import { isNpmPackageSpec, npmEnv, npmInstallCommand, type NpmOptions } from './npm.js';
import { nodeRecipe } from './recipe.js';

export type TypeScriptOptions = NpmOptions;

/** Where the transpiled program goes: inside the workdir, so packages resolve from its node_modules. */
const OUT = '.llmsb/ts';

/**
 * TypeScript without a build step: esbuild strips the types (it does not type-check; ~10 ms,
 * where tsx costs ~700 ms per run) into a file Node runs with source maps, so stack traces name
 * the user's lines. Code with a line starting `import`/`export` becomes an ES module (top-level
 * await works), other code CommonJS (`require`, and `import` converted). A syntax error stops
 * before Node starts. Libraries install with npm.
 */
export function typescript(options: TypeScriptOptions = {}): LanguageHandler {
  return {
    kind: 'language',
    name: 'typescript',
    aliases: ['ts'],
    fileExtension: 'ts',
    imageRecipe: nodeRecipe,
    env: npmEnv(options),
    runCommands: (file) => {
      const f = shellQuote(file);
      return [
        [
          `o=${OUT}; rm -rf "$o"; if ${isEsModule(f)}; then x=mjs; fmt=esm; else x=cjs; fmt=cjs; fi`,
          `esbuild ${f} --format=$fmt --platform=node --target=node18 --sourcemap=inline --log-level=warning --outfile="$o/main.$x" && node --enable-source-maps "$o/main.$x"`,
          'rc=$?; rm -rf "$o"; (exit $rc)',
        ].join('\n'),
      ];
    },
    installCommand: npmInstallCommand,
    validateLibraryName: isNpmPackageSpec,
    // Comments, strings, template literals and every import/require form: see @llmsb/security.
    scanner: scannerSyntaxes.typescript,
  };
}
