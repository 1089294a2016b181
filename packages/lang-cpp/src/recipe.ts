import type { ImageRecipe } from '@llmsb/core';

/** The C++ image: Debian's g++ 12 and the C library headers (a Recommends, so named explicitly). */
export const cppRecipe: ImageRecipe = {
  repository: 'llmsb/cpp',
  aptPackages: ['g++', 'libc6-dev'],
  setup: [],
  env: {},
};
