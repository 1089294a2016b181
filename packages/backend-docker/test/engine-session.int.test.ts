import { beforeAll } from 'vitest';
import type Docker from 'dockerode';
import { recipeImageTag } from '@llmsb/core';
import { describeEngineSession } from '@llmsb/backend-docker/testing';
import { pythonRecipe } from '@llmsb/lang-python';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

let docker: Docker;
beforeAll(async () => {
  docker = await requireDocker();
});

describeEngineSession({
  name: 'Docker',
  session: pythonOnDocker,
  registry: dockerRegistry,
  engine: () => docker,
  image: recipeImageTag(pythonRecipe),
});
