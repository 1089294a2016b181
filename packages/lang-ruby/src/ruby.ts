import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { isGemName } from './gem-name.js';
import { rubyRecipe } from './recipe.js';

export interface RubyOptions {
  /**
   * Gem source for `libraries` / `install()` (a RubyGems mirror, Artifactory, Nexus, a local
   * `gem generate_index` directory served over HTTP). Replaces the default sources. Default:
   * RubyGems' own default source.
   */
  readonly source?: string;
}

/**
 * Ruby 3.1. Code runs with `ruby FILE` in the workdir; gems install with `gem install` as the
 * installer into the image's `GEM_HOME`, which the next runs load from.
 */
export function ruby(options: RubyOptions = {}): LanguageHandler {
  const source = options.source ? ` --clear-sources --source ${shellQuote(options.source)}` : '';
  return {
    kind: 'language',
    name: 'ruby',
    aliases: ['rb'],
    fileExtension: 'rb',
    imageRecipe: rubyRecipe,
    runCommands: (file) => [`ruby ${shellQuote(file)}`],
    // `gem` has no `--` end of options; names are validated never to start with `-` instead.
    // Without --no-document, generating docs takes longer than installing. --remote: never a
    // `.gem` file from the working directory; no gemrc read; the spec cache (in /tmp for the
    // code's own use) moved under the installer's HOME.
    installCommand: (libraries) =>
      `GEMRC=/dev/null GEM_SPEC_CACHE="$HOME/.gem/specs" gem install --config-file /dev/null --remote --no-document${source} ${libraries.map(shellQuote).join(' ')}`,
    validateLibraryName: isGemName,
    // `#` and `=begin`/`=end` comments, heredocs, `%q` literals, require/require_relative/load: see @llmsb/security.
    scanner: scannerSyntaxes.ruby,
    supportsPlots: false,
  };
}
