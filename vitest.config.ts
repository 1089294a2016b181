import { defineConfig } from 'vitest/config';

/**
 * `unit`: pure logic against the fake backend, no engine. `docker`: real engine and real
 * images, one file at a time (the machines have 2 cores). `destructive`: restarts the engine;
 * scripts/test.sh runs it alone, after the rest. Packages are imported from their
 * built `dist/` through the workspace links, so `pnpm build` comes first (scripts/test.sh does it).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.unit.test.ts'],
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'destructive',
          include: ['packages/*/test/**/*.destructive.test.ts'],
          testTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['packages/*/test/**/*.int.test.ts', 'examples/*/test/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
