import { spawnSync } from 'node:child_process';
import {
  BOOTSTRAPPED_BASE_IMAGE,
  connectDocker,
  createClient,
  imageExists,
  PUBLIC_BASE_IMAGE,
  recipeImageTag,
  type DockerConnection,
} from '@llmsb/backend-docker';
import { LANGUAGES } from '../languages.js';

export interface Check {
  /** `fail` makes `doctor` exit 1; `note` is advice that needs no action. */
  readonly status: 'ok' | 'fail' | 'note';
  readonly text: string;
  /** What to do about it. */
  readonly fix?: string;
}

type Docker = DockerConnection['docker'];

export async function engineCheck(): Promise<{ check: Check; docker?: Docker }> {
  try {
    const { docker, endpoint } = await connectDocker();
    const version = await docker.version();
    return { check: { status: 'ok', text: `Docker engine reachable at ${endpoint} (server ${version.Version}, API ${version.ApiVersion})` }, docker };
  } catch (error) {
    return {
      check: {
        status: 'fail',
        text: `Docker engine not reachable at ${createClient().endpoint}: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'start the engine (e.g. `sudo systemctl start docker`), or point DOCKER_HOST at it; check that this user may use the socket',
      },
    };
  }
}

export async function imageChecks(docker: Docker): Promise<Check[]> {
  const checks: Check[] = [];
  for (const language of LANGUAGES) {
    const tag = recipeImageTag(language.imageRecipe);
    checks.push(
      (await imageExists(docker, tag))
        ? { status: 'ok', text: `${language.name} image ${tag} present` }
        : {
            status: 'fail',
            text: `${language.name} image ${tag} missing`,
            fix: `llmsb images build ${language.name} (or let the first \`llmsb run\` build it)`,
          },
    );
  }
  return checks;
}

/** The engine's OCI runtimes: gVisor (`runsc`) is the stronger isolation tier (`runtimeConfig.runtime`). */
export async function runtimeCheck(docker: Docker): Promise<Check> {
  const info = (await docker.info()) as { Runtimes?: Record<string, { runtimeArgs?: string[] }> };
  const runtimes = Object.keys(info.Runtimes ?? {}).sort();
  const listed = `OCI runtimes: ${runtimes.join(', ')}`;
  if (!runtimes.includes('runsc')) {
    return {
      status: 'note',
      text: `${listed}; no gVisor (runsc)`,
      fix: "for runtimeConfig.runtime 'runsc': bash scripts/ensure-gvisor.sh (Debian's runsc, registered with the engine)",
    };
  }
  const args = info.Runtimes?.['runsc']?.runtimeArgs ?? [];
  return args.includes('--network=host')
    ? { status: 'ok', text: `${listed}; gVisor (runsc ${args.join(' ')}) usable with every network mode` }
    : {
        status: 'note',
        text: `${listed}; gVisor's runsc is registered without --network=host`,
        fix: "network 'install' cannot switch a gVisor netstack sandbox online; register runsc with --network=host (scripts/ensure-gvisor.sh) or use 'bridge'/'none'",
      };
}

/** Where image builds get their Debian base: a local one, debootstrap, or a registry pull. */
export async function baseCheck(docker: Docker | undefined): Promise<Check> {
  const bootstrap = canBootstrap();
  for (const base of [PUBLIC_BASE_IMAGE, BOOTSTRAPPED_BASE_IMAGE]) {
    if (docker && (await imageExists(docker, base))) {
      return { status: 'ok', text: `base image ${base} present; builds need no registry${bootstrap ? ' (debootstrap also available)' : ''}` };
    }
  }
  return bootstrap
    ? { status: 'ok', text: 'debootstrap available (running as root): builds can bootstrap a base without a registry' }
    : {
        status: 'note',
        text: `debootstrap not available (needs root and the debootstrap package): builds will pull ${PUBLIC_BASE_IMAGE}`,
        fix: 'fine with registry access; offline, run as root with `apt-get install debootstrap`, or pass --base IMAGE',
      };
}

function canBootstrap(): boolean {
  return process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v debootstrap'], { stdio: 'ignore' }).status === 0;
}
