import { randomUUID } from 'node:crypto';
import type { ArtifactSession } from '@llmsb/artifacts';
import { NotOpenSessionError } from '@llmsb/core';
import { SessionNotFoundError, TooManySessionsError } from './errors.js';
import type { SessionSandbox } from './session-sandbox.js';

interface Entry {
  readonly session: SessionSandbox;
  /** The MCP session that opened it; no other may use it. */
  readonly owner: string;
  readonly language: string;
  lastUsedAt: number;
  /** Calls in progress: a busy sandbox is never idle. */
  busy: number;
}

/** What `list_sessions` shows of a sandbox. */
export interface SandboxSummary {
  readonly sessionId: string;
  readonly language: string;
  readonly idleMs: number;
}

/**
 * Every sandbox of the server process, each bound to the MCP session that opened it. Enforces
 * `maxSessions` (counting reservations being opened and one-off runs), and closes sandboxes
 * idle past the TTL, or all of an owner's when its MCP session ends.
 */
export class SandboxHub {
  private readonly entries = new Map<string, Entry>();
  private reserved = 0;
  /** MCP sessions that ended: a sandbox still opening for one is removed, not registered. */
  private readonly endedOwners = new Set<string>();
  private closed = false;
  /** Sandboxes of one-off runs in progress, by owner: they go when their MCP session goes. */
  private readonly oneOffs = new Map<ArtifactSession, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly maxSessions: number,
    private readonly idleTtlMs: number,
  ) {
    this.sweeper = setInterval(() => void this.closeIdle(), Math.min(idleTtlMs, 30_000)).unref();
  }

  get size(): number {
    return this.entries.size + this.reserved;
  }

  /** Opens a sandbox for `owner` (counted while opening) and registers it. */
  async open(owner: string, language: string, open: () => Promise<SessionSandbox>): Promise<string> {
    const session = await this.withSlot(open);
    if (this.closed || this.endedOwners.has(owner)) {
      await session.close().catch(() => undefined);
      throw new NotOpenSessionError('The MCP session ended while its sandbox was opening');
    }
    const sessionId = randomUUID();
    this.entries.set(sessionId, { session, owner, language, lastUsedAt: Date.now(), busy: 0 });
    return sessionId;
  }

  /** Runs a task on a sandbox that lives only for it (a one-off `execute_code`), counted against the limit. */
  async oneOff<T>(owner: string, open: () => Promise<ArtifactSession>, task: (session: ArtifactSession) => Promise<T>): Promise<T> {
    return this.withSlot(async () => {
      const session = await open();
      this.oneOffs.set(session, owner);
      try {
        if (this.closed || this.endedOwners.has(owner)) throw new NotOpenSessionError('The MCP session ended while its sandbox was opening');
        return await task(session);
      } finally {
        this.oneOffs.delete(session);
        await session.close().catch(() => undefined);
      }
    });
  }

  /** Runs a task on the owner's sandbox; it does not count as idle meanwhile. */
  async use<T>(owner: string, sessionId: string, task: (session: SessionSandbox) => Promise<T>): Promise<T> {
    const entry = this.entry(owner, sessionId);
    entry.busy += 1;
    try {
      return await task(entry.session);
    } finally {
      entry.busy -= 1;
      entry.lastUsedAt = Date.now();
    }
  }

  list(owner: string): SandboxSummary[] {
    const now = Date.now();
    return [...this.entries]
      .filter(([, entry]) => entry.owner === owner)
      .map(([sessionId, entry]) => ({ sessionId, language: entry.language, idleMs: now - entry.lastUsedAt }));
  }

  async close(owner: string, sessionId: string): Promise<void> {
    this.entry(owner, sessionId);
    await this.remove(sessionId);
  }

  /** Closes every sandbox of an MCP session (it ended). */
  async closeOwner(owner: string): Promise<void> {
    this.endedOwners.add(owner);
    const ids = [...this.entries].filter(([, entry]) => entry.owner === owner).map(([id]) => id);
    const running = [...this.oneOffs].filter(([, runner]) => runner === owner).map(([session]) => session);
    await Promise.all([...ids.map((id) => this.remove(id)), ...running.map((session) => session.close().catch(() => undefined))]);
  }

  /** Closes everything and stops the idle sweeper. */
  async closeAll(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const running = [...this.oneOffs.keys()].map((session) => session.close().catch(() => undefined));
    await Promise.all([...[...this.entries.keys()].map((id) => this.remove(id)), ...running]);
  }

  private async closeIdle(): Promise<void> {
    const cutoff = Date.now() - this.idleTtlMs;
    const idle = [...this.entries].filter(([, entry]) => entry.busy === 0 && entry.lastUsedAt < cutoff).map(([id]) => id);
    await Promise.all(idle.map((id) => this.remove(id)));
  }

  private entry(owner: string, sessionId: string): Entry {
    const entry = this.entries.get(sessionId);
    if (!entry || entry.owner !== owner) throw new SessionNotFoundError(sessionId);
    return entry;
  }

  private async remove(sessionId: string): Promise<void> {
    const entry = this.entries.get(sessionId);
    this.entries.delete(sessionId);
    await entry?.session.close().catch(() => undefined);
  }

  private claim(): void {
    if (this.size >= this.maxSessions) throw new TooManySessionsError(this.maxSessions);
    this.reserved += 1;
  }

  private async withSlot<T>(task: () => Promise<T>): Promise<T> {
    this.claim();
    try {
      return await task();
    } finally {
      this.reserved -= 1;
    }
  }
}
