import type { EngineFlavor } from '@llmsb/backend-docker/internal';

/**
 * Podman's differences from Docker that the shared engine code needs to know. The rest of
 * Podman's quirks are absorbed elsewhere: `Init` runs catatonit (scripts/ensure-podman.sh
 * installs it), and images it loads are stored as `localhost/...` but found by their short name.
 */
export const PODMAN_FLAVOR: EngineFlavor = {
  engineName: 'Podman',
  cli: 'podman',
  // Podman's default network; its compatible API also answers to `bridge`.
  installNetwork: 'podman',
  tmpfsOwnership: false,
  tmpfsInodeLimit: false,
  serviceRuntimeOnly: (runtime, defaultRuntime) =>
    `Podman's Docker-compatible service ignores a container's runtime and uses its own default (${defaultRuntime ?? 'unknown'}). ` +
    `Run a service whose default is ${runtime} (\`podman --runtime ${runtime} system service unix:///run/podman/podman-${runtime}.sock\`; ` +
    `scripts/ensure-podman.sh starts one for runsc) and pass its socketPath to podmanBackend().`,
  missingImageHint: (tag, language) =>
    'Podman has its own image store. Build the image with Docker ' +
    `(\`llmsb images build ${language}\`), then copy it over: \`docker save ${tag} | podman load\` ` +
    '(or `copyImageToPodman()` from @llmsb/backend-podman; scripts/setup.sh does this for python).',
};
