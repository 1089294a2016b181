import type { ResolvedPoolOptions } from './pool-options.js';
import type { RemovalReason } from './pool-stats.js';
import { isAlive, type WarmSandbox } from './warm-sandbox.js';

/** How long an idle sandbox may take to answer a health probe. */
const PROBE_TIMEOUT_MS = 5_000;

export interface HealthReport {
  readonly healthy: WarmSandbox[];
  readonly retired: { readonly sandbox: WarmSandbox; readonly reason: RemovalReason }[];
}

/**
 * Sorts idle sandboxes (taken out of the idle list, so no caller gets one mid-probe: a call's end
 * kills every process of the sandbox user) into healthy ones and ones to remove: idle past
 * `idleTimeoutMs`, older than `maxLifetimeMs`, or not answering a trivial call.
 */
export async function checkIdle(sandboxes: readonly WarmSandbox[], options: ResolvedPoolOptions): Promise<HealthReport> {
  const now = Date.now();
  const report: HealthReport = { healthy: [], retired: [] };
  const probed = sandboxes.map(async (sandbox) => {
    if (now - sandbox.createdAt > options.maxLifetimeMs) return report.retired.push({ sandbox, reason: 'lifetime' });
    if (now - sandbox.idleSince > options.idleTimeoutMs) return report.retired.push({ sandbox, reason: 'idle-timeout' });
    if (await isAlive(sandbox, PROBE_TIMEOUT_MS)) return report.healthy.push(sandbox);
    return report.retired.push({ sandbox, reason: 'unhealthy' });
  });
  await Promise.all(probed);
  return report;
}
