import { createHash } from 'node:crypto';
import { supervisorBuildId } from '@llmsb/supervisor';
import type { ImageRecipe } from './types.js';

/**
 * Bumped whenever the Dockerfile that backend-docker renders from a recipe changes shape, so old
 * images are not reused. It lives here, with the hash, because every backend (Kubernetes too)
 * looks for the same tag.
 */
export const BUILDER_VERSION = 4;

/** Unprivileged user that runs code in the library's images, and its uid. */
export const SANDBOX_USER = 'sandbox';
export const SANDBOX_UID = 1000;
/** The workdir the library's images are built with. */
export const IMAGE_WORKDIR = '/sandbox';

/** Labels the library's images carry (what they were built from, and for whom). */
export const IMAGE_LABELS = {
  recipeHash: 'llmsb.recipe-hash',
  caHash: 'llmsb.ca-hash',
  user: 'llmsb.user',
  language: 'llmsb.lang',
  supervisor: 'llmsb.supervisor',
} as const;

/** Hash of what goes into an image (the recipe and the supervisor it carries); its first 12 hex digits are the tag. */
export function recipeHash(recipe: ImageRecipe): string {
  const canonical = JSON.stringify({
    builder: BUILDER_VERSION,
    repository: recipe.repository,
    aptPackages: [...recipe.aptPackages].sort(),
    setup: recipe.setup,
    env: Object.entries(recipe.env).sort(([a], [b]) => a.localeCompare(b)),
    // Only when set, so recipes without scratch places keep their tags.
    ...(recipe.scratch ? { scratch: recipe.scratch } : {}),
    supervisor: supervisorBuildId(),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** `llmsb/python:<hash12>`: the tag a session looks for. */
export function recipeImageTag(recipe: ImageRecipe): string {
  return `${recipe.repository}:${recipeHash(recipe).slice(0, 12)}`;
}
