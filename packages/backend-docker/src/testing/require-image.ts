import type Docker from 'dockerode';
import { type ImageRecipe, recipeImageTag } from '@llmsb/core';
import { connectDocker } from '../connect.js';
import { imageExists } from '../images/engine-build.js';

/** The Docker engine with a recipe's image in it; a missing engine or image fails the tests (never skips). */
export async function requireDockerImage(recipe: ImageRecipe, language: string): Promise<Docker> {
  const { docker } = await connectDocker();
  const image = recipeImageTag(recipe);
  if (!(await imageExists(docker, image))) {
    throw new Error(`The test image ${image} is missing: run \`pnpm llmsb images build ${language}\` (scripts/setup.sh does).`);
  }
  return docker;
}
