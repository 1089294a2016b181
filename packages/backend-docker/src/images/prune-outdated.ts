import type Docker from 'dockerode';
import { type ImageRecipe, recipeImageTag } from '@llmsb/core';

export interface PruneOutcome {
  /** Tags removed (or, in a dry run, that would be). */
  readonly removed: string[];
  /** Tags kept because a container (running or not) still uses them. */
  readonly inUse: string[];
}

/**
 * Removes images of the recipes' repositories whose tag is not the current recipe's, unless a
 * container still uses them. Only on request (`llmsb images prune`): builds never delete images,
 * since two apps on different llmsb versions share one engine and each needs its own tags.
 */
export async function pruneOutdatedImages(
  docker: Docker,
  recipes: readonly ImageRecipe[],
  options: { readonly dryRun?: boolean } = {},
): Promise<PruneOutcome> {
  const current = new Set(recipes.map(recipeImageTag));
  const repositories = [...new Set(recipes.map((recipe) => recipe.repository))];
  const used = new Set((await docker.listContainers({ all: true })).flatMap((container) => [container.ImageID, container.Image]));
  const removed: string[] = [];
  const inUse: string[] = [];
  for (const repository of repositories) {
    for (const image of await docker.listImages({ filters: { reference: [`${repository}:*`] } })) {
      for (const tag of (image.RepoTags ?? []).filter((t) => t.startsWith(`${repository}:`) && !current.has(t))) {
        if (used.has(image.Id) || used.has(tag)) {
          inUse.push(tag);
          continue;
        }
        if (!options.dryRun) {
          // Removed meanwhile, or taken by a container created since: leave it.
          const gone = await docker
            .getImage(tag)
            .remove()
            .then(
              () => true,
              () => false,
            );
          if (!gone) continue;
        }
        removed.push(tag);
      }
    }
  }
  return { removed, inUse };
}
