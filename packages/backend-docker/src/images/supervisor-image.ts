import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { packFiles, ResourceError } from '@llmsb/core';
import { SUPERVISOR_PATH_IN_IMAGE, supervisorBinaryPath, supervisorImageTag } from '@llmsb/supervisor';
import type Docker from 'dockerode';
import { imageExists } from './engine-build.js';

/**
 * Makes the supervisor's image (see `supervisorImageTag`) in the engine's store when it is
 * missing: an image of one file, imported from a tar, so no build, base image or registry is
 * needed. Kubernetes clusters take it from there (push it, or import it into the node's runtime).
 */
export async function ensureSupervisorImage(docker: Docker, arch = 'amd64'): Promise<string> {
  const tag = supervisorImageTag(arch);
  const binary = supervisorBinaryPath(arch);
  if (!tag || !binary) throw new ResourceError(`The @llmsb/supervisor package has no binary for linux/${arch}.`);
  if (await imageExists(docker, tag)) return tag;
  const rootfs = await packFiles([{ name: SUPERVISOR_PATH_IN_IMAGE.slice(1), content: await readFile(binary), mode: 0o755 }]);
  const [repo, version] = tag.split(':') as [string, string];
  const stream = await docker.importImage(Readable.from([Buffer.from(rootfs)]), { repo, tag: version });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())));
  if (!(await imageExists(docker, tag))) throw new ResourceError(`Importing the supervisor image ${tag} did not leave it in the engine's store.`);
  return tag;
}
