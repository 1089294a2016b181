import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SUPERVISOR_VERSION, supervisorBinaryPath } from './index.js';

/** Where the supervisor's own image keeps the binary (its only file). */
export const SUPERVISOR_PATH_IN_IMAGE = '/llmsb-supervisor';

/** Repository of the supervisor's image. */
export const SUPERVISOR_IMAGE_REPOSITORY = 'llmsb/supervisor';

const tags = new Map<string, string>();

/**
 * The tag of the supervisor's image for an architecture: the version and a hash of the binary, so
 * a changed binary is a new tag. Kubernetes pods get the supervisor from this image (an init
 * container copies it into a volume). Undefined when the package has no binary for `arch`.
 */
export function supervisorImageTag(arch = 'amd64'): string | undefined {
  const binary = supervisorBinaryPath(arch);
  if (!binary) return undefined;
  let tag = tags.get(binary);
  if (!tag) {
    const hash = createHash('sha256').update(readFileSync(binary)).digest('hex').slice(0, 12);
    tag = `${SUPERVISOR_IMAGE_REPOSITORY}:${SUPERVISOR_VERSION}-${hash}`;
    tags.set(binary, tag);
  }
  return tag;
}
