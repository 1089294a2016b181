import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Label keys every sandbox carries, so `cleanup` can tell a live owner from a dead one. */
export const LABELS = {
  managed: 'llmsb.managed',
  session: 'llmsb.session',
  language: 'llmsb.lang',
  version: 'llmsb.version',
  ownerHost: 'llmsb.owner.host',
  ownerPid: 'llmsb.owner.pid',
  ownerStart: 'llmsb.owner.start',
  createdAt: 'llmsb.created-at',
} as const;

/** Labels naming this process as the owner of a sandbox. */
export function ownerLabels(): Record<string, string> {
  return {
    [LABELS.ownerHost]: hostname(),
    [LABELS.ownerPid]: String(process.pid),
    [LABELS.ownerStart]: processStartTime(process.pid) ?? '',
  };
}

/**
 * Whether the process named by a sandbox's owner labels still runs. A sandbox owned by another
 * host counts as alive (its owner cannot be checked from here). A reused pid is told apart by
 * its start time.
 */
export function isOwnerAlive(labels: Readonly<Record<string, string | undefined>>): boolean {
  if (labels[LABELS.ownerHost] !== hostname()) return true;
  const pid = Number(labels[LABELS.ownerPid]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code === 'ESRCH') return false;
  }
  const recorded = labels[LABELS.ownerStart];
  const current = processStartTime(pid);
  return !recorded || !current || recorded === current;
}

/**
 * Whether `cleanup` may remove a sandbox: its owner is dead, or it is older than `olderThanMs`
 * (when given). `createdMs` is the engine's creation time, used when the label is missing.
 */
export function isAbandoned(labels: Readonly<Record<string, string | undefined>>, createdMs: number, olderThanMs?: number): boolean {
  const created = Date.parse(labels[LABELS.createdAt] ?? '') || createdMs;
  const expired = olderThanMs !== undefined && Date.now() - created > olderThanMs;
  return expired || !isOwnerAlive(labels);
}

// --- Internal helpers ---

/** Start time of a process in clock ticks since boot (Linux); undefined elsewhere. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
