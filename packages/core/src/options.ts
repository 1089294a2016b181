import { getSecurityPolicy, InvalidRegexPatternError, SecurityPolicy, type SecurityPolicyInput, type SecurityPresetName } from '@llmsb/security';
import { z } from 'zod';
import type { BackendPlugin, LanguageHandler } from './types.js';
import type { Logger } from './logger.js';
import { ValidationError } from './errors.js';
import { imageNameSchema } from './image-name.js';
import { workdirSchema } from './workdir.js';
import { runtimeConfigSchema } from './runtime-config.js';
import type { SessionOptions } from './session-options.js';

export { runtimeConfigSchema } from './runtime-config.js';
export type { MountInput, RuntimeConfig, RuntimeConfigInput } from './runtime-config.js';
export type { SessionOptions } from './session-options.js';

const timeoutMs = z.number().int().positive().nullable();

/** A policy instance (kept as is, so later `addPattern` calls apply), its JSON, or a preset name. */
const securityPolicyOption = z
  .custom<SecurityPolicy | SecurityPresetName | (string & {}) | SecurityPolicyInput>(() => true)
  .transform((value, context) => {
    if (value instanceof SecurityPolicy) return value;
    try {
      return typeof value === 'string' ? getSecurityPolicy(value) : SecurityPolicy.fromJSON(value);
    } catch (error) {
      // A bad regex keeps its own error class, as from the SecurityPolicy constructor.
      if (error instanceof InvalidRegexPatternError) throw error;
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

export const sessionOptionsSchema = z
  .strictObject({
    /** Backend name (`'docker'`, ...) or a backend plugin. Default: `'docker'`. */
    backend: z.union([z.string().min(1), z.custom<BackendPlugin>(isPlugin('backend'))]).default('docker'),
    /** Language name (`'python'`, ...) or a language plugin. Default: `'python'`. */
    lang: z.union([z.string().min(1), z.custom<LanguageHandler>(isPlugin('language'))]).default('python'),
    /** Image to run, a Docker image reference (`python:3.11-slim`, `ghcr.io/a/b@sha256:...`). Default: the language's own image, built from its recipe. */
    image: imageNameSchema.optional(),
    /** Path of a Dockerfile to build the image from. */
    dockerfile: z.string().min(1).optional(),
    /** Attach to this existing container instead of creating one; `close()` leaves it running. */
    containerId: z.string().min(1).optional(),
    /**
     * Directory code runs in: a normalised absolute path, not `/` and not at or under a system
     * folder (`/etc`, `/usr`, `/var`, ...; `/var/tmp` and below are allowed). Default: `/sandbox`.
     */
    workdir: workdirSchema.default('/sandbox'),
    /** Keep an image this session built from `dockerfile`. Default: false. */
    keepTemplate: z.boolean().default(false),
    /** Commit the container to a new tag at close; the tag is reported by `close()`. Default: false. */
    commitContainer: z.boolean().default(false),
    /** Log commands and output to stderr. Default: false. */
    verbose: z.boolean().default(false),
    logger: z.custom<Logger>((value) => typeof value === 'object' && value !== null).optional(),
    /** Log output as it arrives (with `verbose` or a `logger`). Default: false. */
    stream: z.boolean().default(false),
    /** Backend client (a dockerode instance, ...). Default: the backend connects itself. */
    client: z.unknown().optional(),
    runtimeConfig: runtimeConfigSchema.default(runtimeConfigSchema.parse({})),
    /** Timeout of `run()` and commands. Default: 60 000 ms; `null` disables. */
    defaultTimeoutMs: timeoutMs.default(60_000),
    /** Timeout of `run()`, over `defaultTimeoutMs`. Default: unset. */
    executionTimeoutMs: timeoutMs.optional(),
    /** Lifetime of the session; when it passes the sandbox is removed. Default: unset. */
    sessionTimeoutMs: timeoutMs.optional(),
    /** Bytes kept per stream (head and tail); the rest is dropped and `truncated` set. Default: 10 MiB. */
    maxOutputBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /**
     * Largest file transfer (`copyFromRuntime`, `copyToRuntime`, `getArchive`, `readFile`,
     * `writeFile`), summing the entries' apparent sizes (a sparse file counts in full). Past it:
     * `ArchiveLimitError`, nothing partial written. Default: 1 GiB.
     */
    maxArchiveBytes: z
      .number()
      .int()
      .positive()
      .default(1024 ** 3),
    /** Most entries in one transfer or `listFiles`. Default: 100 000. */
    maxArchiveEntries: z.number().int().positive().default(100_000),
    /** Invalid UTF-8 becomes U+FFFD (`'replace'`) or fails the call (`'strict'`). Default: `'replace'`. */
    encodingErrors: z.enum(['replace', 'strict']).default('replace'),
    /** Libraries installed when the session opens. */
    libraries: z.array(z.string().min(1)).default([]),
    /**
     * Serve every call through the in-sandbox supervisor over one stream per session (no engine
     * exec per call; deadlines, output caps and process cleanup enforced inside). Backends without
     * it (Kubernetes for now, a remote engine, an attached `containerId`) use one engine exec per
     * call; `session.execPath` says which. `false` forces engine exec. Default: true.
     */
    supervisor: z.boolean().default(true),
    /** Fork each run from a warm interpreter where the language has one (see SessionOptions). */
    warmStart: z.boolean().default(false),
    /**
     * With the supervisor: how long the sandbox outlives a silent owner (this process died or hung)
     * before it kills everything and is removed. Default: 15 000 ms.
     */
    ownerGraceMs: z.number().int().min(1000).default(15_000),
    /** Build the language's default image when missing instead of failing. Default: false. */
    buildMissingImage: z.boolean().default(false),
    /**
     * Policy checked by `run()` and `install()` before anything starts: a `SecurityPolicy`, its
     * JSON, or a preset name (`'production'`, see `getSecurityPolicy`). Default: none.
     */
    securityPolicy: securityPolicyOption.optional(),
    /** `'enforce'` refuses blocked code with `SecurityViolationError`; `'advise'` runs it and logs a warning. Default: `'enforce'`. */
    securityMode: z.enum(['enforce', 'advise']).default('enforce'),
  })
  .superRefine((options, context) => {
    if (options.image && options.dockerfile) {
      context.addIssue({ code: 'custom', path: ['dockerfile'], message: 'give either image or dockerfile, not both' });
    }
    if (options.containerId && options.dockerfile) {
      context.addIssue({ code: 'custom', path: ['dockerfile'], message: 'give either containerId or dockerfile, not both' });
    }
  });

export type ResolvedSessionOptions = z.output<typeof sessionOptionsSchema>;

// Compile-time proof that the documented interface (session-options.ts) and the schema agree.
// All-optional types are assignable to each other whatever their keys, so the keys are compared too.
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type Assert<T extends true> = T;
type _SessionOptionsMatchSchema = Assert<Same<SessionOptions, z.input<typeof sessionOptionsSchema>>>;

/** Parses options; a bad option throws `ValidationError` naming the field and what is allowed. */
export function parseSessionOptions(options: SessionOptions): ResolvedSessionOptions {
  return parseWith(sessionOptionsSchema, options, 'session option');
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ValidationError(`Invalid ${what}: ${problems.join('; ')}`);
}

function isPlugin(kind: 'backend' | 'language') {
  return (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;
}
