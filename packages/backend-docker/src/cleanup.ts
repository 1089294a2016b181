import type Docker from 'dockerode';
import { describeCause, isAbandoned, LABELS } from '@llmsb/core';

export interface CleanupOptions {
  /** Also remove sandboxes older than this, whatever their owner. Default: only dead owners'. */
  readonly olderThanMs?: number;
  /** Report what would be removed without removing it. Default: false. */
  readonly dryRun?: boolean;
}

export interface CleanupReport {
  readonly removed: string[];
  readonly kept: string[];
  readonly failed: { id: string; reason: string }[];
}

/** Removes llmsb containers whose owner process is dead (or that are older than a TTL); never a live session's. */
export async function cleanupContainers(docker: Docker, options: CleanupOptions = {}): Promise<CleanupReport> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABELS.managed}=true`] } });
  const report: CleanupReport = { removed: [], kept: [], failed: [] };
  for (const container of containers) {
    if (!isAbandoned(container.Labels, container.Created * 1000, options.olderThanMs)) {
      report.kept.push(container.Id);
      continue;
    }
    if (options.dryRun) {
      report.removed.push(container.Id);
      continue;
    }
    try {
      await docker.getContainer(container.Id).remove({ force: true, v: true });
      report.removed.push(container.Id);
    } catch (error) {
      report.failed.push({ id: container.Id, reason: describeCause(error) });
    }
  }
  return report;
}
