import { installerOwned, type ImageRecipe } from '@llmsb/core';

/** Packages installed by `install()`: owned by the installer, first on `.libPaths()`. */
export const R_LIBS_USER = '/opt/llmsb/R/library';

/**
 * The R image: Debian's R 4.2 with ggplot2 (and its dependencies: scales, tibble, rlang, ...),
 * lattice and IRkernel from Debian, since CRAN itself may be out of reach. No compilers: CRAN packages that
 * need compiling do not install (add `r-base-dev` to a custom image for them).
 */
export const rRecipe: ImageRecipe = {
  repository: 'llmsb/r',
  // IRkernel and jupyter_client (Python, for the kernel bridge): interactive R sessions.
  aptPackages: ['r-base-core', 'r-cran-ggplot2', 'r-cran-lattice', 'r-cran-irkernel', 'python3-jupyter-client'],
  setup: [
    installerOwned(R_LIBS_USER),
    // Fails the build, not the first run, when a preinstalled package cannot load.
    `runuser -u sandbox -- Rscript -e 'library(ggplot2); library(lattice); library(IRkernel)'`,
  ],
  env: {
    R_LIBS_USER,
    // Without a UTF-8 locale R prints non-ASCII text as <U+00E9> escapes.
    LANG: 'C.UTF-8',
  },
};
