import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { isNpmPackageSpec, npmEnv, npmInstallCommand, type NpmOptions } from './npm.js';
import { isEsModule } from './module-syntax.js';
import { nodeRecipe } from './recipe.js';

export type JavaScriptOptions = NpmOptions;

/**
 * JavaScript on Debian's Node 18: CommonJS (`require`), or an ES module when a line starts with
 * `import`/`export` (Node 18 cannot tell by itself). Libraries install with npm.
 */
export function javascript(options: JavaScriptOptions = {}): LanguageHandler {
  return {
    kind: 'language',
    name: 'javascript',
    aliases: ['js', 'node', 'nodejs'],
    fileExtension: 'js',
    imageRecipe: nodeRecipe,
    env: npmEnv(options),
    runCommands: (file) => {
      const f = shellQuote(file);
      // ES module code goes to Node on stdin as a module; it resolves packages from the workdir as the file would.
      return [`if ${isEsModule(f)}; then node --input-type=module - < ${f}; else node ${f}; fi`];
    },
    installCommand: npmInstallCommand,
    validateLibraryName: isNpmPackageSpec,
    // Comments, strings, template literals and every import/require form: see @llmsb/security.
    scanner: scannerSyntaxes.javascript,
  };
}
