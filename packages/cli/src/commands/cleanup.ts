import { cleanupContainers, connectDocker, type CleanupOptions, type CleanupReport } from '@llmsb/backend-docker';
import { cleanupPods } from '@llmsb/backend-k8s';
import { connectPodman } from '@llmsb/backend-podman';
import { noPositionals, oneOf, parse, positiveInteger } from '../args.js';

export const cleanupUsage = `Usage: llmsb cleanup [--backend NAME] [--namespace NS] [--older-than-ms N] [--dry-run]

Removes llmsb sandboxes whose owning process has died; never a live session's, unless it is
older than --older-than-ms. Exits 1 when a removal failed.
  --backend NAME      docker (default; micromamba sandboxes live there too), podman or kubernetes
  --namespace NS      kubernetes: the namespace to sweep (default: the kube config context's)
  --older-than-ms N   also remove sandboxes older than N ms, whoever owns them
  --dry-run           report what would be removed, remove nothing
`;

const OPTIONS = {
  backend: { type: 'string' },
  namespace: { type: 'string' },
  'older-than-ms': { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SWEEPERS = {
  docker: async (options: CleanupOptions) => cleanupContainers((await connectDocker()).docker, options),
  podman: async (options: CleanupOptions) => cleanupContainers((await connectPodman()).docker, options),
  kubernetes: (options: CleanupOptions, namespace?: string) => cleanupPods(undefined, { ...options, ...(namespace ? { namespace } : {}) }),
} satisfies Record<string, (options: CleanupOptions, namespace?: string) => Promise<CleanupReport>>;

export async function cleanupCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(cleanupUsage);
    return 0;
  }
  noPositionals('cleanup', positionals);
  const olderThan = values['older-than-ms'];
  const olderThanMs = olderThan === undefined ? undefined : positiveInteger('--older-than-ms', olderThan);
  const dryRun = values['dry-run'] ?? false;
  const backend = values.backend === undefined ? 'docker' : oneOf('--backend', values.backend, Object.keys(SWEEPERS) as (keyof typeof SWEEPERS)[]);
  const report = await SWEEPERS[backend]({ dryRun, ...(olderThanMs !== undefined ? { olderThanMs } : {}) }, values.namespace);
  const verb = dryRun ? 'would remove' : 'removed';
  for (const id of report.removed) process.stdout.write(`${verb} ${id.slice(0, 12)}\n`);
  for (const { id, reason } of report.failed) process.stdout.write(`failed to remove ${id.slice(0, 12)}: ${reason}\n`);
  process.stdout.write(
    `${verb} ${report.removed.length}, kept ${report.kept.length} (live owners)` +
      (report.failed.length > 0 ? `, failed ${report.failed.length}` : '') +
      (dryRun ? ' — dry run, nothing removed' : '') +
      '\n',
  );
  return report.failed.length > 0 ? 1 : 0;
}
