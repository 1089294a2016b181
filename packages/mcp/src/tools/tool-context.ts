import { ValidationError } from '@llmsb/core';
import type { McpServerContext, McpServerLimits } from '../options.js';
import type { SandboxHub } from '../sandbox-hub.js';
import type { WarmPool } from '../warm-pool.js';

/** What every tool of one MCP session needs. */
export interface ToolContext {
  readonly hub: SandboxHub;
  readonly limits: McpServerLimits;
  readonly context: McpServerContext;
  /** The MCP session these tools serve; its sandboxes are its own. */
  readonly owner: string;
  /** Sandboxes kept ready for `open_session`, if the server keeps any. */
  readonly warm: WarmPool | undefined;
}

/** The run options a call may set, within the server's limits. */
export function runLimits(
  tools: ToolContext,
  input: { readonly libraries?: readonly string[] | undefined; readonly timeoutMs?: number | undefined },
) {
  const libraries = input.libraries ?? [];
  if (libraries.length > 0 && !tools.limits.allowLibraries) {
    throw new ValidationError('This server does not install libraries (started with --no-libraries); use what the image has.');
  }
  return {
    ...(libraries.length > 0 ? { libraries } : {}),
    timeoutMs: Math.min(input.timeoutMs ?? tools.limits.maxTimeoutMs, tools.limits.maxTimeoutMs),
  };
}
