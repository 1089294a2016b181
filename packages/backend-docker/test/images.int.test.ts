import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import type { ImageRecipe } from '@llmsb/core';
import { buildLanguageImage, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

const recipe = (version: string): ImageRecipe => ({
  repository: 'llmsb-test/prune',
  aptPackages: [],
  setup: [`echo ${version} > /opt/recipe-version`],
  env: {},
});

describe('language images', () => {
  it('are reused when up to date and replace the image of an earlier recipe', async () => {
    const first = await buildLanguageImage(docker, recipe('v1'));
    expect(first.tag).toBe(recipeImageTag(recipe('v1')));
    expect((await buildLanguageImage(docker, recipe('v1'))).built).toBe(false);
    const second = await buildLanguageImage(docker, recipe('v2'));
    expect(second.built).toBe(true);
    expect(await imageExists(docker, first.tag)).toBeUndefined();
    const info = await imageExists(docker, second.tag);
    expect(info?.Config.Labels?.['llmsb.recipe-hash']).toBeDefined();
    await docker.getImage(second.tag).remove({ force: true });
  }, 300_000);
});
