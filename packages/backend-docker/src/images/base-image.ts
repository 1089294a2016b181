import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { ImageBuildError, ImagePullError } from '@llmsb/core';
import { imageExists, type ProgressListener } from './engine-build.js';

/** The public base image the Dockerfile path pulls. */
export const PUBLIC_BASE_IMAGE = 'debian:bookworm-slim';
const SUITE = 'bookworm';
const BOOTSTRAP_VERSION = 1;
/** Locally bootstrapped base: same Debian release, built from Debian's packages with no registry. */
export const BOOTSTRAPPED_BASE_IMAGE = `llmsb/debian-base:${SUITE}-minbase-v${BOOTSTRAP_VERSION}`;

/** `auto` uses a local base when there is one, else bootstraps one (root + debootstrap), else pulls. */
export type BaseImageChoice = 'auto' | 'debootstrap' | 'pull' | { readonly image: string };

/** Builds in flight in this process, so concurrent language builds share one base build. */
const inFlight = new Map<string, Promise<string>>();

export function ensureBaseImage(docker: Docker, choice: BaseImageChoice, onProgress: ProgressListener): Promise<string> {
  const key = typeof choice === 'object' ? `image:${choice.image}` : choice;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = resolveBase(docker, choice, onProgress).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function resolveBase(docker: Docker, choice: BaseImageChoice, onProgress: ProgressListener): Promise<string> {
  if (typeof choice === 'object') {
    if (!(await imageExists(docker, choice.image))) await pull(docker, choice.image, onProgress);
    return choice.image;
  }
  if (choice === 'pull') {
    await pull(docker, PUBLIC_BASE_IMAGE, onProgress);
    return PUBLIC_BASE_IMAGE;
  }
  if (choice === 'auto') {
    if (await imageExists(docker, PUBLIC_BASE_IMAGE)) return PUBLIC_BASE_IMAGE;
    if (await imageExists(docker, BOOTSTRAPPED_BASE_IMAGE)) return BOOTSTRAPPED_BASE_IMAGE;
    if (!(await canBootstrap())) {
      await pull(docker, PUBLIC_BASE_IMAGE, onProgress);
      return PUBLIC_BASE_IMAGE;
    }
  }
  if (!(await imageExists(docker, BOOTSTRAPPED_BASE_IMAGE))) await bootstrapBase(docker, onProgress);
  return BOOTSTRAPPED_BASE_IMAGE;
}

// --- Internal helpers ---

async function canBootstrap(): Promise<boolean> {
  return process.getuid?.() === 0 && (await run('sh', ['-c', 'command -v debootstrap'], () => undefined)) === 0;
}

/** debootstrap (minbase) into a temporary folder, then `docker import` it. */
async function bootstrapBase(docker: Docker, onProgress: ProgressListener): Promise<void> {
  if (!(await canBootstrap())) {
    throw new ImageBuildError(
      'Building a base image without a registry needs root and debootstrap (apt-get install debootstrap); ' +
        `or let the builder pull ${PUBLIC_BASE_IMAGE} (base: 'pull').`,
    );
  }
  const root = await mkdtemp(join(tmpdir(), 'llmsb-rootfs-'));
  try {
    onProgress(`bootstrapping Debian ${SUITE} (minbase) with debootstrap...`);
    const log: string[] = [];
    const code = await run('debootstrap', ['--variant=minbase', SUITE, root], (line) => {
      log.push(line);
      if (log.length > 20) log.shift();
    });
    if (code !== 0) throw new ImageBuildError(`debootstrap failed (exit ${code}):\n${log.join('\n')}`);
    onProgress(`importing the root file system as ${BOOTSTRAPPED_BASE_IMAGE}...`);
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [repo, tag] = BOOTSTRAPPED_BASE_IMAGE.split(':') as [string, string];
    const stream = await docker.importImage(tar.stdout, {
      repo,
      tag,
      changes: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["sleep","infinity"]'],
    } as object);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function pull(docker: Docker, image: string, onProgress: ProgressListener): Promise<void> {
  onProgress(`pulling ${image}...`);
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    throw new ImagePullError(image, error);
  }
}

function run(command: string, args: readonly string[], onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (data: Buffer): void => data.toString().split('\n').filter(Boolean).forEach(onLine);
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}
