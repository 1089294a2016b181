import type { SupervisorCall, SupervisorExit } from './call-handler.js';

/** A resident call: it lives across calls until it exits or is killed (PROTOCOL.md, "Resident"). */
export interface SupervisorResident {
  readonly id: number;
  /** Settles when the resident's process has exited and everything it started is gone. */
  readonly exit: Promise<SupervisorExit>;
  /** Writes to its stdin. */
  write(data: Uint8Array): void;
  /** Kills it (and, as at every call's end, every process but the supervisor). */
  kill(): void;
}

/** What a resident takes: a call without timeout (it has none) and without an abort signal (use `kill`). */
export type ResidentCall = Omit<SupervisorCall, 'timeoutMs' | 'signal' | 'stdin' | 'onOutputFlow'>;
