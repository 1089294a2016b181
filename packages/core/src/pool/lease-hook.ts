import type { ContainerAPI } from '../types.js';

/** What a pooled sandbox's backend is told when it is handed out. */
export interface Lease {
  /** The session's lifetime, counted from now (not from when the sandbox started). */
  readonly sessionTimeoutMs?: number;
}

/**
 * Optional hook of a backend's container: called when a pooled sandbox is handed out, e.g. so
 * Kubernetes applies `activeDeadlineSeconds` from acquire instead of from pod start.
 */
export interface LeaseAware {
  beginLease(lease: Lease): Promise<void>;
}

export function isLeaseAware(container: ContainerAPI): container is ContainerAPI & LeaseAware {
  return typeof (container as Partial<LeaseAware>).beginLease === 'function';
}
