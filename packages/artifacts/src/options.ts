import { z } from 'zod';
import { parseSessionOptions, parseWith, type PooledSessionOptions, type SessionOptions } from '@llmsb/core';

const MiB = 1024 * 1024;

/** The options `ArtifactSandboxSession` adds to the session options. */
export const artifactOptionsSchema = z.strictObject({
  /** Capture plots (Python: matplotlib, seaborn, plotly; R: the default graphics device); needs a language with plot support. Default: true. */
  enablePlotting: z.boolean().default(true),
  /**
   * Seed behaviour: each result's `plots` holds every plot since the last `clearPlots()` (or
   * `run(..., { clearPlots: true })`). Default: false, each result holds only its run's plots.
   */
  accumulatePlots: z.boolean().default(false),
  /** Largest plot or file returned; larger ones are reported in `skippedArtifacts`. Default: 16 MiB. */
  maxArtifactFileBytes: z
    .number()
    .int()
    .positive()
    .default(16 * MiB),
  /** Total plot and file bytes one run returns; the rest is reported in `skippedArtifacts`. Default: 64 MiB. */
  maxArtifactRunBytes: z
    .number()
    .int()
    .positive()
    .default(64 * MiB),
  /**
   * How HTML from plotly's `fig.show()` loads plotly.js: `'cdn'` (a few KB, needs the internet to
   * view) or `'inline'` (self-contained, several MB). Default: `'cdn'`.
   */
  plotlyJs: z.enum(['cdn', 'inline']).default('cdn'),
});

export type ArtifactOptions = z.input<typeof artifactOptionsSchema>;
export type ResolvedArtifactOptions = z.output<typeof artifactOptionsSchema>;

/** Everything `createSession` takes, plus the artifact options. */
export type ArtifactSessionOptions = SessionOptions & ArtifactOptions;
/** An artifact session on a never-used sandbox of a pool: what `pool.acquire()` takes, plus the artifact options. */
export type PooledArtifactSessionOptions = PooledSessionOptions & ArtifactOptions;

/** Splits and validates; a bad option throws `ValidationError` naming the field (per-acquire ones at open). */
export function parseArtifactSessionOptions(options: ArtifactSessionOptions | PooledArtifactSessionOptions): {
  readonly artifacts: ResolvedArtifactOptions;
  readonly session: SessionOptions;
  readonly pooled?: PooledSessionOptions;
} {
  const { enablePlotting, accumulatePlots, maxArtifactFileBytes, maxArtifactRunBytes, plotlyJs, ...rest } = options;
  const artifacts = parseWith(
    artifactOptionsSchema,
    { enablePlotting, accumulatePlots, maxArtifactFileBytes, maxArtifactRunBytes, plotlyJs },
    'artifact session option',
  );
  if ('pool' in rest && rest.pool !== undefined) return { artifacts, session: {}, pooled: rest };
  const session = rest as SessionOptions;
  parseSessionOptions(session); // fail in the constructor, not at open()
  return { artifacts, session };
}
