import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { IMAGE_LABELS, type ImageRecipe, recipeImageTag, ResourceError } from '@llmsb/core';
import { supervisorBinaryPath } from '@llmsb/supervisor';
import { ensureBaseImage, type BaseImageChoice } from './base-image.js';
import { buildContext, caCertificatesHash, readCaCertificates } from './build-context.js';
import { engineBuild, imageExists, type ProgressListener } from './engine-build.js';
import { renderDockerfile } from './render-dockerfile.js';

export interface BuildImageOptions {
  /** Where the Debian base comes from. Default: `'auto'`. */
  readonly base?: BaseImageChoice;
  /** PEM files or folders of CA certificates the image trusts. Default: `LLMSB_EXTRA_CA_CERTS`. */
  readonly extraCaCertificates?: readonly string[];
  /** Rebuild even when an image with this recipe and CA set exists. Default: false. */
  readonly force?: boolean;
  readonly onProgress?: ProgressListener;
}

export interface BuiltImage {
  readonly tag: string;
  /** False when an up-to-date image was already there. */
  readonly built: boolean;
}

/**
 * Builds a language's image from its recipe unless an image of the same recipe and CA set exists.
 * Never deletes an image: images of earlier recipes go only on request (`pruneOutdatedImages`).
 */
export async function buildLanguageImage(docker: Docker, recipe: ImageRecipe, options: BuildImageOptions = {}): Promise<BuiltImage> {
  const onProgress = options.onProgress ?? (() => undefined);
  const tag = recipeImageTag(recipe);
  const certificates = await readCaCertificates(options.extraCaCertificates);
  const caHash = caCertificatesHash(certificates);
  const existing = await imageExists(docker, tag);
  const upToDate = existing && !options.force && existing.Config.Labels?.[IMAGE_LABELS.caHash] === caHash;
  if (!upToDate) {
    const base = await ensureBaseImage(docker, options.base ?? 'auto', onProgress);
    onProgress(`building ${tag} from ${base}...`);
    const context = await buildContext(renderDockerfile(recipe, base, caHash), certificates, await supervisorForEngine(docker));
    await engineBuild(docker, context, tag, onProgress);
  }
  return { tag, built: !upToDate };
}

/** The supervisor binary for the engine's architecture, which the image carries. */
async function supervisorForEngine(docker: Docker): Promise<Buffer> {
  const { Arch } = await docker.version();
  const binary = supervisorBinaryPath(Arch);
  if (!binary)
    throw new ResourceError(`The @llmsb/supervisor package has no binary for the engine's architecture (${Arch}), which llmsb images carry.`);
  return readFile(binary);
}
