import { shellQuote, type LanguageHandler } from '@llmsb/core';
import { isNpmPackageSpec, npmEnv, npmInstallCommand, type NpmOptions } from './npm.js';
import { nodeRecipe } from './recipe.js';
import { javascriptScanner } from './scanner.js';

export type JavaScriptOptions = NpmOptions;

/**
 * A line starting with a static `import ... ` or `export ...` marks an ES module. Node 18 cannot
 * detect module syntax in a `.js` file by itself, so such code is fed to
 * `node --input-type=module` on stdin (resolving packages from the workdir, like the file would).
 */
const ESM_LINE = `^[[:space:]]*(import[[:space:]]*[{*"'\\'']|import[[:space:]]+[A-Za-z_$]|export[[:space:]])`;

/** JavaScript on Debian's Node 18; CommonJS (`require`) or ES modules (`import`); npm for libraries. */
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
      return [`if grep -Eq '${ESM_LINE}' ${f}; then node --input-type=module - < ${f}; else node ${f}; fi`];
    },
    installCommand: npmInstallCommand,
    validateLibraryName: isNpmPackageSpec,
    scanner: javascriptScanner,
  };
}
