import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { describeCause, ImageBuildError } from '@llmsb/core';

export type ProgressListener = (line: string) => void;

/** Builds a tar build context with the engine, reporting each step; failure throws with the log tail. */
export async function engineBuild(
  docker: Docker,
  context: Uint8Array,
  tag: string,
  onProgress: ProgressListener,
  dockerfileName = 'Dockerfile',
): Promise<void> {
  const tail: string[] = [];
  const remember = (line: string): void => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(Readable.from([Buffer.from(context)]), { t: tag, rm: true, forcerm: true, dockerfile: dockerfileName });
  } catch (error) {
    throw new ImageBuildError(`Building ${tag} could not start: ${describeCause(error)}`, { cause: error });
  }
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: { error?: string }[]) => {
        const failure = error?.message ?? events.find((event) => event.error)?.error;
        if (failure) reject(new ImageBuildError(`Building ${tag} failed: ${failure}\n${tail.join('\n')}`));
        else resolve();
      },
      (event: { stream?: string; status?: string; error?: string }) => {
        const text = (event.stream ?? event.status ?? event.error ?? '').trimEnd();
        if (!text) return;
        remember(text);
        if (/^Step \d+\/\d+/.test(text) || event.error) onProgress(text);
      },
    );
  });
}

export async function imageExists(docker: Docker, name: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(name).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}
