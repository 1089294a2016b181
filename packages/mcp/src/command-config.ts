import { parseWith } from '@llmsb/core';
import { z } from 'zod';
import type { McpServerOptionsInput } from './options.js';

const count = z.coerce.number().int().positive();
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1')]);
const list = z.union([z.array(z.string()), z.string().transform((value) => value.split(','))]).transform((values) =>
  values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean),
);

/** `llmsb mcp` settings from flags and environment (strings coerced), validated before anything starts. */
export const mcpCommandConfigSchema = z.strictObject({
  http: z.coerce.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).default('127.0.0.1'),
  authToken: z.string().min(16, 'the token needs at least 16 characters').optional(),
  noAuth: flag.default(false),
  allowedHosts: list.default([]),
  backend: z.enum(['docker', 'podman', 'micromamba', 'kubernetes']).default('docker'),
  languages: list.default([]),
  images: list.default([]).transform((pairs, context) => {
    const images: Record<string, string> = {};
    for (const pair of pairs) {
      const [language, image] = pair.split('=', 2);
      if (!language || !image) context.addIssue({ code: 'custom', message: `"${pair}" is not LANG=IMAGE` });
      else images[language.toLowerCase()] = image;
    }
    return images;
  }),
  buildImages: flag.default(false),
  maxSessions: count.default(8),
  poolMin: z.coerce.number().int().min(0).default(0),
  maxTimeoutMs: count.default(120_000),
  idleTtlMs: count.default(900_000),
  noLibraries: flag.default(false),
  maxFileBytes: count.default(10 * 1024 * 1024),
  memoryMb: count.optional(),
  /** MiB the code may write per writable place; `none`: no bound (what an image not built by llmsb needs). */
  diskMb: z.union([z.literal('none').transform(() => null), count]).optional(),
  cpus: z.coerce.number().positive().optional(),
  network: z.enum(['install', 'bridge', 'none']).optional(),
  securityPolicy: z.string().min(1).optional(),
});

export type McpCommandConfig = z.output<typeof mcpCommandConfigSchema>;
type ConfigKey = keyof z.input<typeof mcpCommandConfigSchema>;

/** The environment variable of each setting (a flag given on the command line wins). */
export const MCP_ENVIRONMENT: Readonly<Record<ConfigKey, string>> = {
  http: 'LLMSB_MCP_HTTP_PORT',
  host: 'LLMSB_MCP_HOST',
  authToken: 'LLMSB_MCP_AUTH_TOKEN',
  noAuth: 'LLMSB_MCP_NO_AUTH',
  allowedHosts: 'LLMSB_MCP_ALLOWED_HOSTS',
  backend: 'LLMSB_MCP_BACKEND',
  languages: 'LLMSB_MCP_LANGUAGES',
  images: 'LLMSB_MCP_IMAGES',
  buildImages: 'LLMSB_MCP_BUILD_IMAGES',
  maxSessions: 'LLMSB_MCP_MAX_SESSIONS',
  poolMin: 'LLMSB_MCP_POOL_MIN',
  maxTimeoutMs: 'LLMSB_MCP_MAX_TIMEOUT_MS',
  idleTtlMs: 'LLMSB_MCP_IDLE_TTL_MS',
  noLibraries: 'LLMSB_MCP_NO_LIBRARIES',
  maxFileBytes: 'LLMSB_MCP_MAX_FILE_BYTES',
  memoryMb: 'LLMSB_MCP_MEMORY_MB',
  diskMb: 'LLMSB_MCP_DISK_MB',
  cpus: 'LLMSB_MCP_CPUS',
  network: 'LLMSB_MCP_NETWORK',
  securityPolicy: 'LLMSB_MCP_SECURITY_POLICY',
};

/** Flags over environment; a bad value throws `ValidationError` naming the setting. */
export function readMcpCommandConfig(flags: Partial<Record<ConfigKey, unknown>>, environment: NodeJS.ProcessEnv = process.env): McpCommandConfig {
  const merged: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(MCP_ENVIRONMENT) as [ConfigKey, string][]) {
    const value = flags[key] ?? environment[variable];
    if (value !== undefined) merged[key] = value;
  }
  return parseWith(mcpCommandConfigSchema, merged, 'llmsb mcp setting');
}

/** The server options a command config asks for. */
export function serverOptionsOf(config: McpCommandConfig): McpServerOptionsInput {
  return {
    backend: config.backend,
    images: config.images,
    maxSessions: config.maxSessions,
    poolMin: config.poolMin,
    maxTimeoutMs: config.maxTimeoutMs,
    idleTtlMs: config.idleTtlMs,
    allowLibraries: !config.noLibraries,
    maxFileBytes: config.maxFileBytes,
    runtimeConfig: {
      ...(config.memoryMb !== undefined ? { memoryMB: config.memoryMb } : {}),
      ...(config.diskMb !== undefined ? { diskMB: config.diskMb } : {}),
      ...(config.cpus !== undefined ? { cpuCount: config.cpus } : {}),
      ...(config.network !== undefined ? { network: config.network } : {}),
    },
    ...(config.securityPolicy !== undefined ? { securityPolicy: config.securityPolicy } : {}),
  };
}
