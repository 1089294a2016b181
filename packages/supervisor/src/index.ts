import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executableBinary } from './executable.js';

/** The supervisor's version; its protocol version is checked in the handshake. */
export const SUPERVISOR_VERSION = '0.1.0';

/** Architectures the package ships a binary for (Go's names, as engines report them). */
export const SUPERVISOR_ARCHES = ['amd64', 'arm64'] as const;
export type SupervisorArch = (typeof SUPERVISOR_ARCHES)[number];

/** Where a sandbox finds the supervisor (a read-only bind mount of the host's copy). */
export const SUPERVISOR_PATH_IN_SANDBOX = '/.llmsb/supervisor';

/**
 * Host path of the static supervisor binary for an image's architecture (`amd64`, `arm64`;
 * `x86_64` and `aarch64` are understood too). Undefined for another architecture or a package
 * installed without its binaries. Made executable first if the package lost the bit (executable.ts).
 */
export function supervisorBinaryPath(arch: string): string | undefined {
  const normalised = ({ x86_64: 'amd64', aarch64: 'arm64' } as Record<string, string>)[arch] ?? arch;
  if (!(SUPERVISOR_ARCHES as readonly string[]).includes(normalised)) return undefined;
  const path = join(dirname(fileURLToPath(import.meta.url)), 'bin', `linux-${normalised}`, 'llmsb-supervisor');
  return existsSync(path) ? executableBinary(path, `llmsb-supervisor-${SUPERVISOR_VERSION}-${normalised}`) : undefined;
}

export { SUPERVISOR_IMAGE_REPOSITORY, SUPERVISOR_PATH_IN_IMAGE, supervisorImageTag } from './image.js';

let buildId: string | undefined;

/**
 * Identifies the supervisor's build: a hash of its Go sources, the same for every architecture
 * (written beside the binaries when they are built). Images that carry the supervisor include it
 * in their tag, so a changed supervisor is a new image. `'none'` when the package has no binaries.
 */
export function supervisorBuildId(): string {
  buildId ??= (() => {
    const stamp = join(dirname(fileURLToPath(import.meta.url)), 'bin', 'recipe-hash');
    return existsSync(stamp) ? readFileSync(stamp, 'utf8').trim().slice(0, 16) : 'none';
  })();
  return buildId;
}
