import type { ArtifactSession } from '@llmsb/artifacts';
import { ContainerError, NotOpenSessionError } from '@llmsb/core';

/** A live sandbox and whether it replaces one that was lost (its files and libraries are gone). */
export interface KeptSandbox {
  readonly session: ArtifactSession;
  readonly sessionReset: boolean;
}

/**
 * Keeps one sandbox session for a conversation: opened on first use, re-opened after the
 * sandbox was lost (engine failure, session timeout), and closed by `close()`. Concurrent calls
 * (parallel tool calls) share one opening, so no sandbox is ever opened twice or leaked.
 */
export class SandboxKeeper {
  private session: ArtifactSession | undefined;
  private opening: Promise<KeptSandbox> | undefined;
  private everOpened = false;
  private closed = false;

  constructor(private readonly openSession: () => Promise<ArtifactSession>) {}

  /** The open sandbox, opening or re-opening it when needed. */
  async acquire(): Promise<KeptSandbox> {
    if (this.closed) throw new NotOpenSessionError('These sandbox tools were closed');
    if (this.session?.isOpen) return { session: this.session, sessionReset: false };
    this.opening ??= this.reopen().finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** After a failed call: a lost sandbox is dropped so the next call opens a fresh one. */
  async noteFailure(error: unknown): Promise<void> {
    if (!(error instanceof ContainerError || error instanceof NotOpenSessionError)) return;
    const lost = this.session;
    this.session = undefined;
    await lost?.close().catch(() => undefined);
  }

  /** Removes the sandbox (idempotent); later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.opening?.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }

  private async reopen(): Promise<KeptSandbox> {
    const lost = this.session;
    this.session = undefined;
    await lost?.close().catch(() => undefined);
    const session = await this.openSession();
    if (this.closed) {
      await session.close().catch(() => undefined);
      throw new NotOpenSessionError('These sandbox tools were closed');
    }
    const sessionReset = this.everOpened;
    this.everOpened = true;
    this.session = session;
    return { session, sessionReset };
  }
}
