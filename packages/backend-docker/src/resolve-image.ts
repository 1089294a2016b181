import { createHash } from 'node:crypto';
import { dirname, basename } from 'node:path';
import type Docker from 'dockerode';
import { type BackendOpenContext, describeCause, ImageNotFoundError, packHostDirectoryContents, recipeImageTag } from '@llmsb/core';
import { buildLanguageImage } from './images/build-language-image.js';
import { engineBuild, imageExists } from './images/engine-build.js';
import { DOCKER_FLAVOR, type EngineFlavor } from './engine-flavor.js';

export interface ResolvedImage {
  readonly name: string;
  readonly info: Docker.ImageInspectInfo;
  /** Built by this session from the user's Dockerfile (removed at close unless keepTemplate). */
  readonly builtBySession: boolean;
}

/** The image a session runs: the user's, one built from the user's Dockerfile, or the language's own. */
export async function resolveImage(docker: Docker, context: BackendOpenContext, flavor: EngineFlavor = DOCKER_FLAVOR): Promise<ResolvedImage> {
  if (context.dockerfile) return buildFromDockerfile(docker, context.dockerfile, context);
  if (context.image) return userImage(docker, context.image, context, flavor);
  const tag = recipeImageTag(context.language.imageRecipe);
  let info = await imageExists(docker, tag);
  if (!info && context.buildMissingImage) {
    await buildLanguageImage(docker, context.language.imageRecipe, {
      onProgress: (line) => context.logger.info(line),
    });
    info = await imageExists(docker, tag);
  }
  if (!info) {
    throw new ImageNotFoundError(tag, flavor.missingImageHint(tag, context.language.name));
  }
  return { name: tag, info, builtBySession: false };
}

// --- Internal helpers ---

async function userImage(docker: Docker, image: string, context: BackendOpenContext, flavor: EngineFlavor): Promise<ResolvedImage> {
  const present = await imageExists(docker, image);
  if (present) return { name: image, info: present, builtBySession: false };
  context.logger.info(`image ${image} is not present; pulling it`);
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    throw new ImageNotFoundError(
      image,
      `Pulling it failed (${describeCause(error)}). Build or load it (${flavor.cli} build / ${flavor.cli} load), or check the name.`,
    );
  }
  const pulled = await imageExists(docker, image);
  if (!pulled) throw new ImageNotFoundError(image, 'The pull finished but the image is still missing.');
  return { name: image, info: pulled, builtBySession: false };
}

async function buildFromDockerfile(docker: Docker, dockerfile: string, context: BackendOpenContext): Promise<ResolvedImage> {
  const tar = await packHostDirectoryContents(dirname(dockerfile));
  const hash = createHash('sha256').update(tar).update(basename(dockerfile)).digest('hex').slice(0, 12);
  const tag = `llmsb-custom/${context.language.name}:${hash}`;
  const existing = await imageExists(docker, tag);
  if (existing) return { name: tag, info: existing, builtBySession: false };
  context.logger.info(`building ${tag} from ${dockerfile}`);
  await engineBuild(docker, tar, tag, (line) => context.logger.info(line), basename(dockerfile));
  const info = await imageExists(docker, tag);
  if (!info) throw new ImageNotFoundError(tag, 'The build finished but the image is missing.');
  return { name: tag, info, builtBySession: true };
}
