import type { SequenceStep } from './collected-exec.js';
import type { Logger } from './logger.js';
import { shArgv } from './shell.js';
import type { SupervisorResident } from './supervisor/resident.js';
import type { SupervisedContainer } from './supervisor/supervised-container.js';
import type { WarmStartSpec } from './types.js';

/**
 * The processes of one warm run of `file`: the forked child, inside the frame a wrapper put
 * around it (see `WarmStartSpec.frame`). The frame's scripts see the same environment as a cold
 * run's shell.
 */
export function warmRunSteps(spec: WarmStartSpec, file: string, env: Readonly<Record<string, string>>): SequenceStep[] {
  const frame = spec.frame;
  const run: SequenceStep = { argv: spec.runArgv(file), env: { ...env, ...frame?.env?.(env) }, warm: true };
  return [
    ...(frame?.before ? [{ argv: shArgv(frame.before, file), env }] : []),
    run,
    ...(frame?.after ? [{ argv: shArgv(frame.after, file), env, alwaysRuns: true }] : []),
  ];
}

/** Bytes of the server's stderr kept for the log when it ends early. */
const STDERR_KEPT = 4096;

/** Fork servers started for sandboxes no session has yet (a pool's), until one takes them over. */
const startedAhead = new WeakMap<SupervisedContainer, WarmStart>();

/**
 * A session's fork server: started in the background (opening gets no slower), restarted after
 * an install so upgraded packages are seen. Runs ask for a warm start and the supervisor starts
 * them cold while the server is not ready, or when it exited (an image without the data stack).
 */
export class WarmStart {
  private server: SupervisorResident | undefined;

  constructor(
    private readonly container: SupervisedContainer,
    private readonly spec: WarmStartSpec,
    private logger: Logger,
  ) {}

  /** Starts one while a pool prepares a sandbox, so the session that gets it runs warm from its first run. */
  static startAhead(container: SupervisedContainer, spec: WarmStartSpec, logger: Logger): void {
    const warm = new WarmStart(container, spec, logger);
    warm.start();
    startedAhead.set(container, warm);
  }

  /** The server `startAhead` started in this sandbox, if any: the caller's from now on, logging to `logger`. */
  static takeOver(container: SupervisedContainer, logger: Logger): WarmStart | undefined {
    const warm = startedAhead.get(container);
    startedAhead.delete(container);
    if (warm) warm.logger = logger;
    return warm;
  }

  /** Starts the server unless one is running. */
  start(): void {
    if (this.server) return;
    let stderr = '';
    const server = this.container.startForkServer({
      argv: this.spec.serverArgv,
      env: { ...this.spec.serverEnv },
      onStderr: (chunk) => {
        stderr = (stderr + Buffer.from(chunk).toString('utf8')).slice(-STDERR_KEPT);
      },
    });
    this.server = server;
    server.exit.then(
      (exit) => {
        if (this.server === server) this.server = undefined;
        if (!exit.killed) this.logger.info(`warm start: the fork server ended (exit ${exit.exitCode}); runs start cold. ${stderr.trim()}`);
      },
      (error: unknown) => {
        if (this.server === server) this.server = undefined;
        // Also how every session's close ends it (the connection goes): not worth more than debug.
        this.logger.debug(`warm start: the fork server is gone; runs start cold (${String(error)})`);
      },
    );
  }

  /** Ends the server and starts a fresh one (after an install). */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.kill();
    await server.exit.catch(() => undefined);
  }
}
