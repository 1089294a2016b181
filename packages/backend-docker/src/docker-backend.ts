import type Docker from 'dockerode';
import {
  type BackendOpenContext,
  type BackendPlugin,
  type ContainerAPI,
  ContainerError,
  describeCause,
  IMAGE_LABELS,
  IMAGE_WORKDIR,
  INSTALLER_LABEL,
  isRootUser,
  ROOT_STEP_WORKDIR,
  rootStepEnvironment,
  shArgv,
} from '@llmsb/core';
import { connectDocker, statusCode, type ConnectOptions, type DockerConnection } from './connect.js';
import { createOptions } from './create-options.js';
import { DockerContainer } from './docker-container.js';
import { DOCKER_FLAVOR, type EngineFlavor } from './engine-flavor.js';
import { assertEnforceable, assertSafeMounts } from './engine-support.js';
import { planScratch, scratchPreparation } from './scratch-places.js';
import { resolveImage } from './resolve-image.js';
import { supervisorDelivery } from './supervisor-delivery.js';

export interface DockerBackendOptions extends ConnectOptions {
  /** Name under which the backend registers. Default: `'docker'`. */
  readonly name?: string;
}

/**
 * The Docker backend. A side-effect-free factory: nothing connects until a session opens.
 *
 * @example
 * const registry = new PluginRegistry().use(dockerBackend({ socketPath: '/var/run/docker.sock' }), python());
 */
export function dockerBackend(options: DockerBackendOptions = {}): BackendPlugin {
  return {
    kind: 'backend',
    name: options.name ?? 'docker',
    open: (context) => openDockerContainer(context, options),
  };
}

/** Opens a container for a session: attaches to `containerId`, or creates and starts one. */
export async function openDockerContainer(context: BackendOpenContext, options: ConnectOptions = {}): Promise<ContainerAPI> {
  const connection = await connectDocker({
    ...options,
    ...(context.client !== undefined ? { client: context.client } : {}),
  });
  return openEngineContainer(connection, context, DOCKER_FLAVOR);
}

/**
 * Opens a container on any engine that speaks the Docker Engine API (Docker, Podman's compatible
 * service); `flavor` carries the few differences. Used by `@llmsb/backend-podman` through `./internal`.
 */
export async function openEngineContainer(connection: DockerConnection, context: BackendOpenContext, flavor: EngineFlavor): Promise<ContainerAPI> {
  const { docker, endpoint } = connection;
  if (context.containerId) return attach(docker, endpoint, context.containerId, context, flavor);

  await assertEnforceable(docker, context.runtimeConfig, flavor);
  const image = await resolveImage(docker, context, flavor);
  const imageUser = image.info.Config.User || 'root';
  const execUser = context.runtimeConfig.user ?? image.info.Config.Labels?.[IMAGE_LABELS.user] ?? imageUser;
  const supervisorBinary = context.supervisor ? chooseSupervisor(docker, endpoint, image.info, context) : undefined;
  const scratch = planScratch({
    runtimeConfig: context.runtimeConfig,
    workdir: context.workdir,
    imageName: image.name,
    imageLabels: image.info.Config.Labels,
    execUser,
    // Verified with runc only: gVisor accepts nr_inodes and ignores it.
    inodeLimit: flavor.tmpfsInodeLimit && (context.runtimeConfig.runtime ?? 'runc') === 'runc',
  });
  const options = createOptions({
    image: image.name,
    workdir: context.workdir,
    labels: context.labels,
    runtimeConfig: context.runtimeConfig,
    installNetwork: flavor.installNetwork,
    scratch,
    tmpfsOwnership: flavor.tmpfsOwnership,
    supervisorBinary,
  });
  await assertSafeMounts(docker, options);
  const container = await docker.createContainer(options);
  const api = new DockerContainer({
    docker,
    endpoint,
    container,
    workdir: context.workdir,
    defaultUser: execUser,
    installUser: image.info.Config.Labels?.[INSTALLER_LABEL],
    owned: true,
    killAllOfUser: !isRootUser(execUser),
    installNetwork: flavor.installNetwork,
    commitTo: context.commitContainer ? { repo: 'llmsb/committed', tag: `${context.language.name}-${Date.now()}` } : undefined,
    scratch,
    removeImageAtClose: image.builtBySession && !context.keepTemplate ? image.name : undefined,
    logger: context.logger,
    supervised: supervisorBinary !== undefined,
  });
  try {
    await container.start();
    const preparedByImage = context.workdir === IMAGE_WORKDIR && image.info.Config.Labels?.[IMAGE_LABELS.user] !== undefined;
    const workdirIsScratch = scratch?.owned.includes(context.workdir) ?? false;
    const finishScratch = scratch ? scratchPreparation(scratch, { ownershipByMount: flavor.tmpfsOwnership }) : '';
    // A tmpfs workdir is owned by uid at create, or (Podman) chowned by the scratch step.
    if (!workdirIsScratch && !preparedByImage) await prepareWorkdir(api, context.workdir, execUser);
    if (finishScratch) await rootStep(api, finishScratch, "Preparing the sandbox's writable places");
    if (context.runtimeConfig.network === 'install') await api.setNetworkAccess(false);
    return api;
  } catch (error) {
    await api.close().catch(() => undefined);
    throw error instanceof ContainerError
      ? error
      : new ContainerError(`Starting a container from ${image.name} failed: ${describeCause(error)}`, { cause: error });
  }
}

// --- Internal helpers ---

/** The supervisor binary to mount, or undefined (logged) when this sandbox must run without it. */
function chooseSupervisor(docker: Docker, endpoint: string, image: Docker.ImageInspectInfo, context: BackendOpenContext): string | undefined {
  const delivery = supervisorDelivery(docker, endpoint, image.Architecture);
  if ('hostPath' in delivery) return delivery.hostPath;
  context.logger.info(`running without the supervisor: ${delivery.unavailable}`);
  return undefined;
}

async function attach(docker: Docker, endpoint: string, id: string, context: BackendOpenContext, flavor: EngineFlavor): Promise<ContainerAPI> {
  const container = docker.getContainer(id);
  let info: Docker.ContainerInspectInfo;
  try {
    info = await container.inspect();
  } catch (error) {
    if (statusCode(error) === 404)
      throw new ContainerError(`Container ${id} not found. Check the id with \`${flavor.cli} ps -a\`.`, { cause: error });
    throw new ContainerError(`Failed to connect to container ${id}: ${describeCause(error)}`, { cause: error });
  }
  if (!info.State.Running) await container.start();
  const user = context.runtimeConfig.user ?? info.Config.Labels?.[IMAGE_LABELS.user] ?? (info.Config.User || undefined);
  const api = new DockerContainer({
    docker,
    endpoint,
    container,
    workdir: context.workdir,
    defaultUser: user,
    // No installer identity: the container is the caller's, with its own users, environment and
    // network; installs run as its user, like the code (SECURITY.md, "Installs").
    owned: false,
    killAllOfUser: false,
    logger: context.logger,
  });
  await prepareWorkdir(api, context.workdir, user);
  return api;
}

/**
 * Creates the workdir (as root, a clean root step) and hands it to the user that runs code. `-h`:
 * in an attached container the code may have made the workdir a symlink to a system folder.
 */
async function prepareWorkdir(api: DockerContainer, workdir: string, user: string | undefined): Promise<void> {
  const chown = user && !isRootUser(user) ? ` && chown -h "$2" "$1"` : '';
  await rootStep(api, shArgv(`mkdir -p -- "$1"${chown}`, workdir, user ?? ''), `Creating the workdir ${workdir}`);
}

/** Runs a script as root with a clean environment, before any code ran; a failure ends the open. */
async function rootStep(api: DockerContainer, script: string | string[], what: string): Promise<void> {
  const { exitCode } = await api.exec({
    argv: typeof script === 'string' ? ['/bin/sh', '-c', script] : script,
    user: '0',
    env: rootStepEnvironment(),
    clearEnv: true,
    workdir: ROOT_STEP_WORKDIR,
  });
  if (exitCode !== 0) throw new ContainerError(`${what} failed (exit ${exitCode}).`);
}
