import type { ImageRecipe } from '@llmsb/core';

/** tsx runs TypeScript without a build step; pinned so the recipe hash names what is inside. */
export const TSX_VERSION = '4.23.15';

/**
 * The Node image shared by JavaScript and TypeScript: Debian's nodejs 18 and npm, plus tsx
 * installed globally from the npm registry at build time (through the image's CA bundle).
 */
export const nodeRecipe: ImageRecipe = {
  repository: 'llmsb/node',
  aptPackages: ['nodejs', 'npm'],
  setup: [
    `npm install --global --no-audit --no-fund --loglevel=error tsx@${TSX_VERSION} && rm -rf /tmp/npm-cache`,
    // Fails the build early when tsx cannot start on this Node.
    'tsx --version',
  ],
  env: {
    npm_config_cache: '/tmp/npm-cache',
    npm_config_update_notifier: 'false',
  },
};
