/**
 * What differs between engines that speak the Docker Engine API (Docker, Podman's compatible
 * service): names in messages, the network an install joins, and how to get a missing image.
 * Everything else — create options, exec, kill, archives, close — is shared.
 */
export interface EngineFlavor {
  /** Engine name in messages, e.g. `Docker`. */
  readonly engineName: string;
  /** The engine's command-line tool, named in hints, e.g. `docker`. */
  readonly cli: string;
  /** Network a container joins while libraries install (`network: 'install'`) and for `'bridge'`. */
  readonly installNetwork: string;
  /** Whether tmpfs mounts take `uid=`/`gid=`; without, a read-only root's tmpfs workdir is chowned after start (Podman 4.3). */
  readonly tmpfsOwnership: boolean;
  /** Whether tmpfs mounts take `nr_inodes=` (the file-count bound; Podman 4.3 rejects it). */
  readonly tmpfsInodeLimit: boolean;
  /**
   * Set when the engine ignores the runtime a container's create options name and uses its
   * service's default (Podman 4's compatible API): says how to get `runtime` instead.
   */
  readonly serviceRuntimeOnly?: (runtime: string, defaultRuntime: string | undefined) => string;
  /** Hint for a missing language image with this recipe tag. */
  missingImageHint(tag: string, language: string): string;
}

export const DOCKER_FLAVOR: EngineFlavor = {
  engineName: 'Docker',
  cli: 'docker',
  installNetwork: 'bridge',
  tmpfsOwnership: true,
  tmpfsInodeLimit: true,
  missingImageHint: (_tag, language) => `Build it with \`llmsb images build ${language}\` (or pass buildMissingImage: true, or an image).`,
};
