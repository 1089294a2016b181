import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { LABELS, ownerLabels } from '../owner.js';
import { SupervisedContainer } from '../supervisor/supervised-container.js';
import type { BackendPlugin, ContainerAPI, LanguageHandler } from '../types.js';
import { LIBRARY_VERSION } from '../version.js';
import { WarmStart } from '../warm-start.js';
import type { ResolvedPoolOptions } from './pool-options.js';

/** Label naming the pool a sandbox belongs to (besides the usual owner labels, which `cleanup` reads). */
export const POOL_LABEL = 'llmsb.pool';

/** A sandbox prepared before anyone asked for it: created, started, supervisor connected. */
export interface WarmSandbox {
  /** What the session talks to (the supervised container, or the backend's own). */
  readonly container: ContainerAPI;
  /** The backend's container, for lease hooks (see lease-hook.ts). */
  readonly backendContainer: ContainerAPI;
  readonly createdAt: number;
  idleSince: number;
}

export interface PrepareContext {
  readonly poolId: string;
  readonly options: ResolvedPoolOptions;
  readonly backend: BackendPlugin;
  readonly language: LanguageHandler;
  readonly logger: Logger;
}

/**
 * Creates and starts one sandbox and connects its supervisor, as `Session.open()` would; with
 * `warmStart`, also starts the language's fork server.
 */
export async function prepareSandbox(context: PrepareContext): Promise<WarmSandbox> {
  const { options, language } = context;
  const backendContainer = await context.backend.open({
    language,
    ...(options.image ? { image: options.image } : {}),
    ...(options.client !== undefined ? { client: options.client } : {}),
    workdir: options.workdir,
    runtimeConfig: options.runtimeConfig,
    keepTemplate: false,
    commitContainer: false,
    buildMissingImage: options.buildMissingImage,
    supervisor: options.supervisor,
    labels: {
      [LABELS.managed]: 'true',
      [LABELS.session]: randomBytes(6).toString('hex'),
      [LABELS.language]: language.name,
      [LABELS.version]: LIBRARY_VERSION,
      [LABELS.createdAt]: new Date().toISOString(),
      [POOL_LABEL]: context.poolId,
      ...ownerLabels(),
    },
    logger: context.logger,
  });
  let container: ContainerAPI = backendContainer;
  if (options.supervisor && backendContainer.openSupervisorStream) {
    const inner = backendContainer as ContainerAPI & Required<Pick<ContainerAPI, 'openSupervisorStream'>>;
    try {
      container = await SupervisedContainer.connect(inner, { ownerGraceMs: options.ownerGraceMs, logger: context.logger });
    } catch (error) {
      await backendContainer.close().catch(() => undefined);
      throw error;
    }
  }
  if (options.warmStart && language.warmStart && container instanceof SupervisedContainer && container.forksRuns) {
    WarmStart.startAhead(container, language.warmStart, context.logger);
  }
  const now = Date.now();
  return { container, backendContainer, createdAt: now, idleSince: now };
}

/** Whether an idle sandbox still answers: a trivial call within `timeoutMs`. */
export async function isAlive(sandbox: WarmSandbox, timeoutMs: number): Promise<boolean> {
  const probe = sandbox.container.exec({ argv: ['true'], timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
  return probe.then(
    (result) => result.exitCode === 0,
    () => false,
  );
}
