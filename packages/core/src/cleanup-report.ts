/** What every backend's sweep of abandoned sandboxes takes (`cleanupContainers`, `cleanupPods`). */
export interface CleanupOptions {
  /** Also remove sandboxes older than this, whatever their owner. Default: only dead owners'. */
  readonly olderThanMs?: number;
  /** Report what would be removed without removing it. Default: false. */
  readonly dryRun?: boolean;
}

/** What a sweep did: sandbox ids removed (or, with `dryRun`, to be removed), kept and failed. */
export interface CleanupReport {
  readonly removed: string[];
  readonly kept: string[];
  readonly failed: { id: string; reason: string }[];
}
