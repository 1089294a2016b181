import type { ImageRecipe } from '@llmsb/core';

/** esbuild turns TypeScript into JavaScript per run; pinned so the recipe hash names what is inside. */
export const ESBUILD_VERSION = '0.28.2';

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
  ],
  env: {
    npm_config_cache: '/tmp/npm-cache',
    npm_config_update_notifier: 'false',
  },
};
