export { ArtifactSession } from './artifact-session.js';
export { ArtifactSandboxSession, createArtifactSession } from './create-artifact-session.js';
export { artifactOptionsSchema } from './options.js';
export type { ArtifactOptions, ArtifactSessionOptions, PooledArtifactSessionOptions, ResolvedArtifactOptions } from './options.js';
export { readArtifacts } from './read-artifacts.js';
export type { ArtifactLimits, CollectedArtifacts } from './read-artifacts.js';
export { jpegSize, pngSize } from './image-size.js';
export type { ImageSize } from './image-size.js';
export { fileTypeOf, mimeTypeOf } from './file-types.js';
export type {
  ArtifactExecutionResult,
  ArtifactFile,
  ArtifactRunOptions,
  PlotCapture,
  SkippedArtifact,
  SkipReason,
} from './types.js';
export { createInteractiveArtifactSession, InteractiveArtifactSession } from './interactive-artifact-session.js';
export type { InteractiveArtifactResult, InteractiveArtifactSessionOptions } from './interactive-artifact-session.js';
export { plotsOfResults } from './cell-plots.js';
