import { installerOwned, type ImageRecipe } from '@llmsb/core';

/** esbuild turns TypeScript into JavaScript per run; pinned so the recipe hash names what is inside. */
export const ESBUILD_VERSION = '0.28.2';

/**
 * npm's prefix for `install()` (the installer's). `/node_modules` links to its `node_modules`, so
 * CommonJS and ES modules resolve installed packages from any workdir (Node looks in every parent
 * folder's `node_modules`), while the code cannot write them.
 */
export const NPM_PREFIX = '/opt/llmsb/node';

/**
 * The Node image shared by JavaScript and TypeScript: Debian's nodejs 18 and npm, plus esbuild
 * installed globally from the npm registry at build time (through the image's CA bundle).
 */
export const nodeRecipe: ImageRecipe = {
  repository: 'llmsb/node',
  aptPackages: ['nodejs', 'npm'],
  setup: [
    `npm install --global --no-audit --no-fund --loglevel=error esbuild@${ESBUILD_VERSION} && rm -rf /tmp/npm-cache`,
    // Fails the build early when esbuild's native binary cannot start here.
    'esbuild --version',
    `${installerOwned(NPM_PREFIX, `${NPM_PREFIX}/node_modules`)} && ln -s ${NPM_PREFIX}/node_modules /node_modules`,
  ],
  env: {
    npm_config_cache: '/tmp/npm-cache',
    npm_config_update_notifier: 'false',
  },
};
