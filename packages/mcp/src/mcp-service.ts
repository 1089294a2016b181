import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createSandboxMcpServer } from './create-server.js';
import { parseMcpServerOptions, type McpServerContext, type McpServerLimits, type McpServerOptionsInput } from './options.js';
import { SandboxHub } from './sandbox-hub.js';

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

  constructor(
    options: McpServerOptionsInput,
    readonly context: McpServerContext,
  ) {
    this.limits = parseMcpServerOptions(options);
    this.hub = new SandboxHub(this.limits.maxSessions, this.limits.idleTtlMs);
  }

  session(): McpSessionServer {
    const owner = randomUUID();
    const server = createSandboxMcpServer({ hub: this.hub, limits: this.limits, context: this.context, owner });
    let ended: Promise<void> | undefined;
    return {
      server,
      end: () => (ended ??= Promise.all([this.hub.closeOwner(owner), server.close().catch(() => undefined)]).then(() => undefined)),
    };
  }

  /** Removes every sandbox and stops the idle sweeper. */
  close(): Promise<void> {
    return this.hub.closeAll();
  }
}
