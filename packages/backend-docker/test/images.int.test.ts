import { beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import type { ImageRecipe } from '@llmsb/core';
import { buildLanguageImage, imageExists, pruneOutdatedImages, recipeImageTag } from '@llmsb/backend-docker';
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
  it('are reused when up to date; a new recipe never removes an earlier one; prune does, on request', async () => {
    const first = await buildLanguageImage(docker, recipe('v1'));
    expect(first.tag).toBe(recipeImageTag(recipe('v1')));
    expect((await buildLanguageImage(docker, recipe('v1'))).built).toBe(false);
    const second = await buildLanguageImage(docker, recipe('v2'));
    expect(second.built).toBe(true);
    // Another app on another llmsb version may still use v1: building v2 leaves it.
    expect(await imageExists(docker, first.tag)).toBeDefined();
    const info = await imageExists(docker, second.tag);
    expect(info?.Config.Labels?.['llmsb.recipe-hash']).toBeDefined();
    const user = await docker.createContainer({ Image: first.tag, Cmd: ['true'] });
    expect(await pruneOutdatedImages(docker, [recipe('v2')], { dryRun: true })).toEqual({ removed: [], inUse: [first.tag] });
    await user.remove();
    expect(await pruneOutdatedImages(docker, [recipe('v2')], { dryRun: true })).toEqual({ removed: [first.tag], inUse: [] });
    expect(await imageExists(docker, first.tag)).toBeDefined();
    expect(await pruneOutdatedImages(docker, [recipe('v2')])).toEqual({ removed: [first.tag], inUse: [] });
    expect(await imageExists(docker, first.tag)).toBeUndefined();
    expect(await imageExists(docker, second.tag)).toBeDefined();
    await docker.getImage(second.tag).remove({ force: true });
  }, 300_000);
});
