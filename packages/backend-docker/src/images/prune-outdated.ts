import type Docker from 'dockerode';
import type { ImageRecipe } from '@llmsb/core';
import { recipeImageTag } from './recipe.js';

/**
 * Removes images of a recipe's repository whose tag is not the current recipe hash: each recipe
 * change would otherwise leave a 0.3–2 GB image behind on every machine that builds it. Images a
 * container still uses are kept (the engine refuses); layers shared with the new image stay.
 */
export async function pruneOutdatedImages(docker: Docker, recipe: ImageRecipe): Promise<string[]> {
  const current = recipeImageTag(recipe);
  const images = await docker.listImages({ filters: { reference: [`${recipe.repository}:*`] } });
  const outdated = images.flatMap((image) => image.RepoTags ?? []).filter((tag) => tag.startsWith(`${recipe.repository}:`) && tag !== current);
  const removed: string[] = [];
  for (const tag of outdated) {
    try {
      await docker.getImage(tag).remove();
      removed.push(tag);
    } catch {
      // In use by a container, or removed meanwhile: leave it.
    }
  }
  return removed;
}
