import Docker from 'dockerode';
import { ContainerError, describeCause } from '@llmsb/core';
import { connectDocker, imageExists } from '@llmsb/backend-docker';
import { connectPodman } from './connect-podman.js';

export interface CopyImageOptions {
  /** Source engine client. Default: the Docker engine (`DOCKER_HOST` or /var/run/docker.sock). */
  readonly from?: Docker;
  /** Target Podman client. Default: discovered like the backend does. */
  readonly to?: Docker;
  /** Copy even when Podman already has an image of that name. Default: false. */
  readonly force?: boolean;
}

export interface CopyImageResult {
  readonly image: string;
  /** False when Podman already had it. */
  readonly copied: boolean;
}

/**
 * Copies an image from the Docker engine into Podman's own store — `docker save IMG | podman
 * load` over both REST APIs, streamed. Podman stores it as `localhost/IMG` and finds it by `IMG`.
 */
export async function copyImageToPodman(image: string, options: CopyImageOptions = {}): Promise<CopyImageResult> {
  const podman = options.to ?? (await connectPodman()).docker;
  if (!options.force && (await imageExists(podman, image))) return { image, copied: false };
  const docker = options.from ?? (await connectDocker()).docker;
  try {
    const archive = await docker.getImage(image).get();
    const response = await podman.loadImage(archive);
    await new Promise<void>((resolve, reject) => {
      response.resume();
      response.on('end', resolve);
      response.on('error', reject);
    });
  } catch (error) {
    throw new ContainerError(`Copying ${image} from Docker into Podman failed: ${describeCause(error)}`, { cause: error });
  }
  if (!(await imageExists(podman, image))) {
    throw new ContainerError(`Podman loaded the archive of ${image} but cannot find the image by that name.`);
  }
  return { image, copied: true };
}
