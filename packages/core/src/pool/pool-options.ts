import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { parseWith, sessionOptionsSchema, type SessionOptions } from '../options.js';
import type { LanguageHandler } from '../types.js';

// Pool-level fields are the session's own schemas, so the two never drift apart.
const session = sessionOptionsSchema.shape;
const positiveMs = z.number().int().positive();

export const poolOptionsSchema = z
  .strictObject({
    /** Backend name or plugin, as for `createSession`. Default: `'docker'`. */
    backend: session.backend,
    /** Language name or plugin. Default: `'python'`. */
    lang: session.lang,
    /** Image every pooled sandbox runs. Default: the language's own image. */
    image: session.image,
    /** Workdir of every pooled sandbox. Default: `/sandbox`. */
    workdir: session.workdir,
    /** Backend client (a dockerode instance, a KubeConfig). Default: the backend connects itself. */
    client: session.client,
    /**
     * Resources, isolation and network of every pooled sandbox. `env` is refused here: give it
     * per `acquire()`, so a secret reaches one user's calls and never a sandbox's create config.
     */
    runtimeConfig: session.runtimeConfig,
    /** Serve calls through the in-sandbox supervisor (connected before a sandbox is idle). Default: true. */
    supervisor: session.supervisor,
    /**
     * Start the language's fork server while a sandbox is prepared (Python: `warmStart`), so runs
     * of an acquired session fork from it from the first one, once it is ready. Default: false.
     */
    warmStart: session.warmStart,
    /** How long a sandbox outlives a silent owner (supervisor only). Default: 15 000 ms. */
    ownerGraceMs: session.ownerGraceMs,
    /** Build the language's default image when missing. Default: false. */
    buildMissingImage: session.buildMissingImage,
    /** Logs the pool's own events (preparation failures); each session logs to its acquire's `logger`. */
    logger: session.logger,
    /** Log the pool's own events to stderr. Default: false. */
    verbose: session.verbose,
    /** Sandboxes kept ready (idle) at all times; `createPool` resolves once they are. Default: 0. */
    min: z.number().int().min(0).default(0),
    /** Most sandboxes at once, idle + leased + being prepared. Default: 10. */
    max: z.number().int().positive().default(10),
    /**
     * When every sandbox is leased: `'wait'` for a release (up to `acquireTimeoutMs`), `'fail'` at
     * once with `PoolExhaustedError`, `'overflow'` into a temporary sandbox (removed on release,
     * never kept; not counted in `max`). Default: `'wait'`.
     */
    strategy: z.enum(['wait', 'fail', 'overflow']).default('wait'),
    /** How long `acquire()` waits under `'wait'` before `PoolExhaustedError`; `null`: forever. Default: 30 000 ms. */
    acquireTimeoutMs: positiveMs.nullable().default(30_000),
    /** An idle sandbox unused this long is removed (and replaced while below `min`). Default: 300 000 ms. */
    idleTimeoutMs: positiveMs.default(300_000),
    /** An idle sandbox older than this is never handed out: it is replaced. Default: 3 600 000 ms. */
    maxLifetimeMs: positiveMs.default(3_600_000),
    /** How often idle sandboxes are checked (alive, not expired). Default: 60 000 ms. */
    healthCheckIntervalMs: positiveMs.default(60_000),
    /** Sandboxes prepared at once in the background. Default: 2. */
    createConcurrency: z.number().int().positive().default(2),
    /** How long `close()` lets leased sessions finish before it force-closes them. Default: 10 000 ms. */
    drainTimeoutMs: z.number().int().min(0).default(10_000),
  })
  .superRefine((options, context) => {
    if (options.min > options.max) context.addIssue({ code: 'custom', path: ['min'], message: `must be at most max (${options.max})` });
    if (Object.keys(options.runtimeConfig.env).length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['runtimeConfig', 'env'],
        message: 'a pool takes env per acquire() (acquire({ env })), never at creation, so no secret outlives its user',
      });
    }
  });

export type PoolOptions = z.input<typeof poolOptionsSchema>;
export type ResolvedPoolOptions = z.output<typeof poolOptionsSchema>;

/** What each `acquire()` may set: the session's timeouts, policy, logging, limits, env and libraries. */
export type AcquireOptions = Pick<
  SessionOptions,
  | 'defaultTimeoutMs'
  | 'executionTimeoutMs'
  | 'sessionTimeoutMs'
  | 'securityPolicy'
  | 'securityMode'
  | 'logger'
  | 'verbose'
  | 'stream'
  | 'maxOutputBytes'
  | 'maxArchiveBytes'
  | 'maxArchiveEntries'
  | 'encodingErrors'
  | 'libraries'
> & {
  /** Environment of every call of this session only. Default: none. */
  readonly env?: Readonly<Record<string, string>>;
  /** Overrides the pool's `acquireTimeoutMs` for this call. */
  readonly acquireTimeoutMs?: number | null;
  /** Aborting stops waiting for a sandbox (rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /**
   * For session kinds built on the pool (e.g. `@llmsb/artifacts` wraps the run commands with its
   * capture): the language the session uses, made from the pool's. It may change how code runs,
   * never how the sandbox was created (that happened before the acquire).
   */
  readonly wrapLanguage?: (language: LanguageHandler) => LanguageHandler;
};

const ACQUIRE_KEYS: ReadonlySet<string> = new Set([
  'defaultTimeoutMs',
  'executionTimeoutMs',
  'sessionTimeoutMs',
  'securityPolicy',
  'securityMode',
  'logger',
  'verbose',
  'stream',
  'maxOutputBytes',
  'maxArchiveBytes',
  'maxArchiveEntries',
  'encodingErrors',
  'libraries',
  'env',
  'acquireTimeoutMs',
  'signal',
  'wrapLanguage',
]);

/** Refuses options that belong to the pool (backend, image, runtimeConfig, ...) when given per acquire. */
export function checkAcquireOptions(options: object): void {
  const misplaced = Object.keys(options).filter((key) => !ACQUIRE_KEYS.has(key));
  if (misplaced.length > 0) {
    throw new ValidationError(
      `Invalid acquire option(s): ${misplaced.join(', ')}. A pooled session takes only ${[...ACQUIRE_KEYS].join(', ')}; the rest is set at createPool().`,
    );
  }
}

/** Parses pool options; a bad one throws `ValidationError` naming the field. */
export function parsePoolOptions(options: PoolOptions): ResolvedPoolOptions {
  return parseWith(poolOptionsSchema, options, 'pool option');
}
