import { describe, expect, it } from 'vitest';
import { type ImageRecipe, recipeHash, recipeImageTag } from '@llmsb/core';
import { renderDockerfile } from './render-dockerfile.js';

const recipe: ImageRecipe = {
  repository: 'llmsb/example',
  aptPackages: ['python3', 'curl'],
  setup: ['echo ready > /opt/ready'],
  env: { EXAMPLE: 'a value' },
};

describe('image recipes', () => {
  it('render to the same Dockerfile for both builders except for the FROM line', () => {
    const pulled = renderDockerfile(recipe, 'debian:bookworm-slim').split('\n');
    const local = renderDockerfile(recipe, 'llmsb/debian-base:bookworm-minbase-v1').split('\n');
    expect(pulled.filter((line, index) => line !== local[index])).toEqual(['FROM debian:bookworm-slim']);
    expect(pulled).toContain('RUN echo ready > /opt/ready');
    expect(pulled).toContain('ENV EXAMPLE="a value"');
    expect(pulled.join('\n')).toContain(`llmsb.recipe-hash="${recipeHash(recipe)}"`);
  });

  it('are tagged by a hash that ignores package order and changes with content', () => {
    const reordered = { ...recipe, aptPackages: ['curl', 'python3'] };
    expect(recipeImageTag(reordered)).toBe(recipeImageTag(recipe));
    expect(recipeImageTag({ ...recipe, setup: ['true'] })).not.toBe(recipeImageTag(recipe));
    expect(recipeImageTag(recipe)).toMatch(/^llmsb\/example:[0-9a-f]{12}$/);
  });
});
