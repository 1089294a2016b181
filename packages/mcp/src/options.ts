import { getSecurityPolicy, parseWith, runtimeConfigSchema, type LanguageHandler, type PluginRegistry } from '@llmsb/core';
import { z } from 'zod';

const MiB = 1024 * 1024;

/** Limits and sandbox settings of the MCP server (the `llmsb mcp` flags and environment map onto these). */
export const mcpServerOptionsSchema = z
  .strictObject({
    /** Backend name the sandboxes run on. Default: `'docker'`. */
    backend: z.string().min(1).default('docker'),
    /** Image per language name (`{ python: 'my/python:1' }`). Default: each language's own image. */
    images: z.record(z.string(), z.string().min(1)).default({}),
    /** Most sandboxes open at once, over all MCP sessions (`execute_code` runs count while they run). Default: 8. */
    maxSessions: z.number().int().positive().default(8),
    /** Longest `timeoutMs` a call may ask for; longer requests are clamped. Also the default. Default: 120 000. */
    maxTimeoutMs: z.number().int().positive().default(120_000),
    /** A sandbox session unused this long is closed. Default: 900 000 (15 minutes). */
    idleTtlMs: z
      .number()
      .int()
      .positive()
      .default(15 * 60_000),
    /** Whether calls may install libraries. Default: true. */
    allowLibraries: z.boolean().default(true),
    /** Largest file `upload_file` takes or `download_file` returns. Default: 10 MiB. */
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .default(10 * MiB),
    /**
     * Sandboxes kept ready for `open_session` of the first offered language with a kernel (Python),
     * so a session opens in milliseconds instead of starting a container. Default: 0 (no pool).
     */
    poolMin: z.number().int().min(0).default(0),
    /** Resource and isolation settings of every sandbox (memoryMB, cpuCount, network, ...). Default: the library's. */
    runtimeConfig: runtimeConfigSchema.partial().default({}),
    /** Security policy preset checked before anything runs (`'production'`, ...). Default: none. */
    securityPolicy: z
      .string()
      .min(1)
      .refine((name) => {
        try {
          return getSecurityPolicy(name) !== undefined;
        } catch {
          return false;
        }
      }, 'an unknown security policy preset')
      .optional(),
  })
  .superRefine((options, context) => {
    if (options.poolMin > options.maxSessions)
      context.addIssue({ code: 'custom', path: ['poolMin'], message: `must be at most maxSessions (${options.maxSessions})` });
  });

export type McpServerOptionsInput = z.input<typeof mcpServerOptionsSchema>;
export type McpServerLimits = z.output<typeof mcpServerOptionsSchema>;

/** What the server needs besides its limits: the languages it offers and where backends come from. */
export interface McpServerContext {
  /** Languages offered, by their plugin (the first is the default of `open_session`). */
  readonly languages: readonly LanguageHandler[];
  readonly registry: PluginRegistry;
}

export function parseMcpServerOptions(options: McpServerOptionsInput): McpServerLimits {
  return parseWith(mcpServerOptionsSchema, options, 'MCP server option');
}
