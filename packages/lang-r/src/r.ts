import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { INSTALL_SCRIPT, REPOS_VARIABLE } from './install-script.js';
import { isRPackageName } from './package-name.js';
import { rRecipe } from './recipe.js';

export interface ROptions {
  /**
   * CRAN-like repositories for `libraries` / `install()` (a CRAN mirror, Posit Package Manager,
   * Artifactory, a local `tools::write_PACKAGES` directory served over HTTP). Default: the
   * image's `getOption("repos")`, else R's first bundled CRAN mirror.
   */
  readonly repos?: string | readonly string[];
}

/**
 * R 4.2. Code runs with `Rscript FILE` in the workdir; packages install with `install.packages`
 * as the installer into the image's `R_LIBS_USER`, which the next runs load from.
 */
export function r(options: ROptions = {}): LanguageHandler {
  const repos = typeof options.repos === 'string' ? [options.repos] : (options.repos ?? []);
  const reposEnv = repos.length > 0 ? `${REPOS_VARIABLE}=${shellQuote(repos.join(' '))} ` : '';
  return {
    kind: 'language',
    name: 'r',
    aliases: ['rscript'],
    fileExtension: 'R',
    imageRecipe: rRecipe,
    runCommands: (file) => [`Rscript ${shellQuote(file)}`],
    // --vanilla: no Rprofile or Renviron file (the code's, in its HOME or workdir) is read.
    installCommand: (libraries) => `${reposEnv}Rscript --vanilla -e ${shellQuote(INSTALL_SCRIPT)} ${libraries.map(shellQuote).join(' ')}`,
    validateLibraryName: isRPackageName,
    // `#` comments, raw strings, library()/require()/requireNamespace() and pkg:: on any line: see @llmsb/security.
    scanner: scannerSyntaxes.r,
    // Plots come back through @llmsb/artifacts (the default device becomes PNG files).
    supportsPlots: true,
  };
}
