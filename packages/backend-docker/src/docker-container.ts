import type Docker from 'dockerode';
import {
  ContainerError,
  describeCause,
  getArchiveOverExec,
  putArchiveOverExec,
  ROOT_STEP_WORKDIR,
  rootStepEnvironment,
  streamArchiveOverExec,
  type ArchiveLimits,
  type ArchiveStream,
  type StdinSource,
  type CloseOutcome,
  type ContainerAPI,
  type ExecRequest,
  type ExecResult,
  type Logger,
  type SupervisorEndpoint,
} from '@llmsb/core';
import { INSTALL_NETWORK } from './create-options.js';
import { dockerExec, killEverythingOfUser, type ExecTarget } from './exec.js';
import { isConnectionError, statusCode, unreachable } from './connect.js';
import { SCRATCH_LABEL, seedForCommit, type ScratchPlan } from './scratch-places.js';
import { attachSupervisor } from './supervisor-attach.js';

export interface DockerContainerSettings {
  readonly docker: Docker;
  readonly endpoint: string;
  readonly container: Docker.Container;
  readonly workdir: string;
  readonly defaultUser: string | undefined;
  /** The image's installer identity (its `llmsb.installer` label), if it has one. */
  readonly installUser?: string | undefined;
  /** Created by this session (removed at close) rather than attached to. */
  readonly owned: boolean;
  readonly killAllOfUser: boolean;
  /** Network joined while libraries install; default: Docker's `bridge`. */
  readonly installNetwork?: string | undefined;
  /** Commit to this tag at close. */
  readonly commitTo?: { repo: string; tag: string } | undefined;
  /** The tmpfs places of the disk bound: their content is seeded into a commit (scratch-places.ts). */
  readonly scratch?: ScratchPlan | undefined;
  /** An image this session built and must remove at close (keepTemplate false). */
  readonly removeImageAtClose?: string | undefined;
  readonly logger: Logger;
  /** The main process is the llmsb supervisor (core connects to it through `openSupervisorStream`). */
  readonly supervised?: boolean;
}

/** Extra processes allowed while killing after a fork bomb. */
const PIDS_HEADROOM = 16;

/** `ContainerAPI` over the Docker Engine API (and Podman's compatible API). */
export class DockerContainer implements ContainerAPI {
  readonly id: string;
  private closing: Promise<CloseOutcome> | undefined;
  private readonly target: ExecTarget;
  readonly openSupervisorStream?: () => Promise<SupervisorEndpoint>;
  readonly installUser: string | undefined;

  constructor(private readonly settings: DockerContainerSettings) {
    this.id = settings.container.id;
    this.installUser = settings.installUser;
    this.target = {
      docker: settings.docker,
      container: settings.container,
      workdir: settings.workdir,
      defaultUser: settings.defaultUser,
      killAllOfUser: settings.killAllOfUser,
      describeFailure: (cause) => this.describeFailure(cause),
      isRunning: () => this.stillRunning(),
      raisePidsLimit: () => this.raisePidsLimit(),
      restart: async () => {
        await settings.container.restart({ t: 0 }).catch(() => undefined);
      },
    };
    if (settings.supervised) {
      this.openSupervisorStream = async () => ({
        stream: await attachSupervisor(settings.docker, settings.container, settings.logger).catch(async (error: unknown) => {
          throw await this.describeFailure(error);
        }),
        defaultUser: settings.defaultUser ?? '0',
        workdir: settings.workdir,
        owned: settings.owned,
      });
    }
  }

  async exec(request: ExecRequest): Promise<ExecResult> {
    if (this.closing) throw new ContainerError(`Container ${this.short} was closed.`);
    return dockerExec(this.target, request);
  }

  /**
   * Joins or leaves the engine's bridge network (`network: 'install'`). Before going online,
   * every leftover process of the code's user is killed so only the install can use the network.
   * An attached container keeps its own network: this is then a no-op.
   */
  async setNetworkAccess(online: boolean): Promise<void> {
    if (!this.settings.owned) return;
    const network = this.settings.docker.getNetwork(this.installNetwork);
    try {
      if (online) {
        // Under the supervisor nothing of a call outlives it, so there is nothing left to kill.
        if (this.settings.killAllOfUser && !this.settings.supervised) await killEverythingOfUser(this.target);
        await network.connect({ Container: this.id });
      } else {
        await network.disconnect({ Container: this.id, Force: true });
      }
    } catch (error) {
      throw await this.describeNetworkFailure(online, error);
    }
  }

  /** Unpacks through `tar` in the container, so read-only roots work. */
  putArchive(directory: string, tar: StdinSource): Promise<void> {
    return putArchiveOverExec((request) => this.exec(request), directory, tar);
  }

  getArchive(path: string): Promise<Uint8Array> {
    return getArchiveOverExec((request) => this.exec(request), path);
  }

  getArchiveStream(path: string, limits: ArchiveLimits): ArchiveStream {
    return streamArchiveOverExec((request) => this.exec(request), path, limits);
  }

  close(): Promise<CloseOutcome> {
    this.closing ??= this.release();
    return this.closing;
  }

  // --- Internal helpers ---

  private get installNetwork(): string {
    return this.settings.installNetwork ?? INSTALL_NETWORK;
  }

  private get short(): string {
    return this.id.slice(0, 12);
  }

  private async release(): Promise<CloseOutcome> {
    const { container, owned, commitTo, removeImageAtClose, docker, logger } = this.settings;
    if (!owned) return {};
    let committedImage: string | undefined;
    if (commitTo) {
      try {
        const changes = this.settings.scratch ? await this.seedScratchForCommit(this.settings.scratch) : undefined;
        await container.commit({ repo: commitTo.repo, tag: commitTo.tag, pause: true, ...(changes ? { changes } : {}) });
        committedImage = `${commitTo.repo}:${commitTo.tag}`;
      } catch (error) {
        logger.warn(`committing container ${this.short} failed: ${describeCause(error)}`);
      }
    }
    try {
      await container.remove({ force: true, v: true });
    } catch (error) {
      // 404: gone; 409: the engine is already removing it (an auto-remove sandbox whose supervisor exited).
      if (statusCode(error) !== 404 && statusCode(error) !== 409) {
        throw new ContainerError(`Removing container ${this.short} failed: ${describeCause(error)}`, { cause: error });
      }
    }
    if (removeImageAtClose) {
      await docker
        .getImage(removeImageAtClose)
        .remove()
        .catch((error: unknown) => logger.debug(`image ${removeImageAtClose} kept: ${describeCause(error)}`));
    }
    return committedImage ? { committedImage } : {};
  }

  /** Copies the code's tmpfs places into seeds a session of the committed image starts with; returns the commit's label change. */
  private async seedScratchForCommit(plan: ScratchPlan): Promise<string> {
    const { script, label } = seedForCommit(plan);
    const { exitCode } = await this.exec({
      argv: ['/bin/sh', '-c', script],
      user: '0',
      env: rootStepEnvironment(),
      clearEnv: true,
      workdir: ROOT_STEP_WORKDIR,
    });
    if (exitCode !== 0) throw new ContainerError(`Keeping the workdir's files for the commit failed (exit ${exitCode}).`);
    return `LABEL ${SCRATCH_LABEL}=${label}`;
  }

  /** Room for a few more processes (a kill after a fork bomb); the returned function restores the limit. */
  private async raisePidsLimit(): Promise<() => Promise<void>> {
    const { container } = this.settings;
    const limit = (await container.inspect().catch(() => undefined))?.HostConfig.PidsLimit;
    if (!limit || limit <= 0) return async () => undefined;
    await container.update({ PidsLimit: limit + PIDS_HEADROOM }).catch(() => undefined);
    return async () => {
      await container.update({ PidsLimit: limit }).catch(() => undefined);
    };
  }

  /**
   * Whether the container survived a process that died by a signal. The engine records a
   * removal or kill a moment after the exec's stream ends, so look a few times.
   */
  private async stillRunning(): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const info = await this.settings.container.inspect().catch(() => undefined);
      if (!info || !info.State.Running || info.State.Status !== 'running') return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  }

  private async describeNetworkFailure(online: boolean, cause: unknown): Promise<ContainerError> {
    const failure = await this.describeFailure(cause);
    return new ContainerError(
      `${online ? 'Connecting' : 'Disconnecting'} container ${this.short} ${online ? 'to' : 'from'} the ${this.installNetwork} network failed: ${failure.message}`,
      { cause },
    );
  }

  private async describeFailure(cause: unknown): Promise<ContainerError> {
    if (cause instanceof ContainerError) return cause;
    if (isConnectionError(cause)) return unreachable(this.settings.endpoint, cause);
    const state = await this.settings.container.inspect().then(
      (info) => (info.State.Running ? 'running' : `stopped (${info.State.Status})`),
      (error: unknown) => (statusCode(error) === 404 ? 'removed' : 'unknown'),
    );
    if (state === 'running') {
      return new ContainerError(`A call to container ${this.short} failed: ${describeCause(cause)}`, { cause });
    }
    return new ContainerError(`Container ${this.short} is ${state}; the session cannot continue. Open a new session.`, { cause });
  }
}
