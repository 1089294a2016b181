import type Docker from 'dockerode';
import { describeCause, isAbandoned, LABELS, type CleanupOptions, type CleanupReport } from '@llmsb/core';

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
