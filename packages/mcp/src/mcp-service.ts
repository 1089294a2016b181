import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createSandboxMcpServer } from './create-server.js';
import { parseMcpServerOptions, type McpServerContext, type McpServerLimits, type McpServerOptionsInput } from './options.js';
import { SandboxHub } from './sandbox-hub.js';
import { startWarmPool, type WarmPool } from './warm-pool.js';

/** An MCP session's server and how to end it (its sandboxes are removed). */
export interface McpSessionServer {
  readonly server: McpServer;
  readonly end: () => Promise<void>;
}

/**
 * The sandboxes and limits shared by every MCP session of one process; `session()` makes the
 * server object of a new MCP session, bound to its own sandboxes.
 */
export class McpService {
  readonly limits: McpServerLimits;
  readonly hub: SandboxHub;
  /** The warm pool of `open_session`, when `poolMin` asks for one. */
  readonly warm: WarmPool | undefined;

  constructor(
    options: McpServerOptionsInput,
    readonly context: McpServerContext,
  ) {
    this.limits = parseMcpServerOptions(options);
    this.hub = new SandboxHub(this.limits.maxSessions, this.limits.idleTtlMs);
    this.warm = startWarmPool(this.limits, context);
  }

  /** Resolves once the warm pool (if any) has its `poolMin` sandboxes ready; rejects if it cannot start. */
  async ready(): Promise<void> {
    await this.warm?.pool;
  }

  session(): McpSessionServer {
    const owner = randomUUID();
    const server = createSandboxMcpServer({ hub: this.hub, limits: this.limits, context: this.context, owner, warm: this.warm });
    let ended: Promise<void> | undefined;
    return {
      server,
      end: () => (ended ??= Promise.all([this.hub.closeOwner(owner), server.close().catch(() => undefined)]).then(() => undefined)),
    };
  }

  /** Removes every sandbox (the warm pool's too) and stops the idle sweeper. */
  async close(): Promise<void> {
    await this.hub.closeAll();
    const pool = await this.warm?.pool.catch(() => undefined);
    await pool?.close();
  }
}
