import { installerOwned, type ImageRecipe } from '@llmsb/core';

/** Gems installed by `install()`: owned by the installer, first on the gem path. */
export const GEM_HOME = '/opt/llmsb/gems';

/** The Ruby image: Debian's ruby 3.1 with RubyGems; gems install into `GEM_HOME`. */
export const rubyRecipe: ImageRecipe = {
  repository: 'llmsb/ruby',
  aptPackages: ['ruby'],
  setup: [installerOwned(GEM_HOME)],
  env: {
    GEM_HOME,
    PATH: `${GEM_HOME}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    // The spec cache defaults to the home directory; /tmp keeps read-only homes working.
    GEM_SPEC_CACHE: '/tmp/gem-spec-cache',
  },
};
