import { createHash } from 'node:crypto';
import type { ImageRecipe } from '@llmsb/core';

/** Bumped whenever the rendered Dockerfile changes shape, so old images are not reused. */
export const BUILDER_VERSION = 4;

/** Unprivileged user that runs code in the library's images. */
export const SANDBOX_USER = 'sandbox';
export const SANDBOX_UID = 1000;
export const IMAGE_WORKDIR = '/sandbox';

export const IMAGE_LABELS = {
  recipeHash: 'llmsb.recipe-hash',
  caHash: 'llmsb.ca-hash',
  user: 'llmsb.user',
  language: 'llmsb.lang',
} as const;

/** Hash of what goes into an image; its first 12 hex digits are the tag. */
export function recipeHash(recipe: ImageRecipe): string {
  const canonical = JSON.stringify({
    builder: BUILDER_VERSION,
    repository: recipe.repository,
    aptPackages: [...recipe.aptPackages].sort(),
    setup: recipe.setup,
    env: Object.entries(recipe.env).sort(([a], [b]) => a.localeCompare(b)),
    // Only when set, so recipes without scratch places keep their tags.
    ...(recipe.scratch ? { scratch: recipe.scratch } : {}),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** `llmsb/python:<hash12>`: the tag a session looks for. */
export function recipeImageTag(recipe: ImageRecipe): string {
  return `${recipe.repository}:${recipeHash(recipe).slice(0, 12)}`;
}
