import { ContainerError } from '../errors.js';
import type { PluginRegistry } from '../registry.js';
import { Session } from '../session.js';
import type { BackendPlugin, CloseOutcome, ContainerAPI, LanguageHandler } from '../types.js';
import { isLeaseAware } from './lease-hook.js';
import { checkAcquireOptions, type AcquireOptions, type ResolvedPoolOptions } from './pool-options.js';
import type { WarmSandbox } from './warm-sandbox.js';

export interface HandOverContext {
  readonly options: ResolvedPoolOptions;
  readonly backend: BackendPlugin;
  readonly language: LanguageHandler;
  readonly registry: PluginRegistry;
}

/** A session built (options validated) before it takes a sandbox; `open` hands one over. */
export interface PendingSession {
  /** Opens the session on `sandbox`; `onClosed` runs once the sandbox is removed (the release). */
  open(sandbox: WarmSandbox, onClosed: () => void): Promise<Session>;
}

/**
 * An ordinary `Session` whose backend hands over a warm sandbox instead of creating one, so
 * `open()` makes no engine call. Built first, so bad per-call options fail before a sandbox is taken.
 */
export function pendingSession(context: HandOverContext, perCall: AcquireOptions): PendingSession {
  checkAcquireOptions(perCall);
  let handed: ContainerAPI | undefined;
  const handOver: BackendPlugin = {
    kind: 'backend',
    name: context.backend.name,
    open: async () => {
      if (!handed) throw new ContainerError('No pooled sandbox was handed over to this session (a bug in the pool): acquire() again.');
      return handed;
    },
  };
  const { env, acquireTimeoutMs: _wait, signal: _signal, wrapLanguage, ...sessionOptions } = perCall;
  const pool = context.options;
  const session = new Session(
    {
      ...sessionOptions,
      backend: handOver,
      lang: wrapLanguage ? wrapLanguage(context.language) : context.language,
      ...(pool.image ? { image: pool.image } : {}),
      workdir: pool.workdir,
      // Per-call env reaches each call's environment only, never the sandbox's create config.
      runtimeConfig: { ...pool.runtimeConfig, env: { ...env } },
      // The sandbox's supervisor is already connected: the handed-over container is supervised.
      supervisor: false,
      // Its fork server, if the pool started one, becomes this session's (see WarmStart.takeOver).
      warmStart: pool.warmStart,
    },
    context.registry,
  );
  return {
    async open(sandbox, onClosed) {
      handed = sandbox.container;
      notifyOnClose(sandbox.container, onClosed);
      const { backendContainer } = sandbox;
      if (isLeaseAware(backendContainer)) {
        const lifetime = perCall.sessionTimeoutMs;
        await backendContainer.beginLease(typeof lifetime === 'number' ? { sessionTimeoutMs: lifetime } : {}).catch(async (error: unknown) => {
          await sandbox.container.close().catch(() => undefined);
          throw error;
        });
      }
      // Closing is idempotent: whatever failed, the sandbox is removed and the lease released.
      return session.open().catch(async (error: unknown) => {
        await sandbox.container.close().catch(() => undefined);
        throw error;
      });
    },
  };
}

/** Makes `container.close()` call `onClosed` once the sandbox is gone, however it was closed. */
function notifyOnClose(container: ContainerAPI, onClosed: () => void): void {
  const close = container.close.bind(container);
  let closing: Promise<CloseOutcome> | undefined;
  container.close = () => (closing ??= close().finally(onClosed));
}
