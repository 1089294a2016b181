// The workspace's packages as publishing would ship them, and MCP spoken to an installed CLI:
// shared by the tests that install them outside the workspace.
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PACKAGES = fileURLToPath(new URL('../..', import.meta.url));

/** Packs every publishable package of the workspace into `dest` (`pnpm pack`, as publishing would); the tarballs' paths. */
export async function packAll(dest: string): Promise<string[]> {
  const folders = (await readdir(PACKAGES)).map((name) => join(PACKAGES, name));
  for (const folder of folders) {
    const manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8').catch(() => '{"private":true}')) as { private?: boolean };
    if (!manifest.private) await run('pnpm', ['pack', '--pack-destination', dest], { cwd: folder });
  }
  return (await readdir(dest)).filter((file) => file.endsWith('.tgz')).map((file) => join(dest, file));
}

export interface McpToolResult {
  readonly isError?: boolean;
  readonly structuredContent?: Record<string, unknown>;
}

/**
 * Starts an installed `llmsb mcp` (`command` and `args`), speaks MCP over its stdio
 * (newline-delimited JSON-RPC): the handshake, then one tools/call. Resolves with the call's
 * result; a JSON-RPC error rejects.
 */
export async function callMcpTool(
  command: string,
  args: readonly string[],
  cwd: string,
  tool: string,
  toolArgs: Record<string, unknown>,
): Promise<McpToolResult> {
  const server = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const answers = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  lines.on('line', (line) => {
    const message = JSON.parse(line) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) answers.get(message.id)?.(message);
  });
  const request = async (id: number, method: string, params: unknown): Promise<unknown> => {
    const answer = await new Promise<{ result?: unknown; error?: unknown }>((resolve) => {
      answers.set(id, resolve);
      server.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
    if (answer.error !== undefined) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
    return answer.result;
  };
  try {
    await request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'llmsb-tests', version: '1' } });
    server.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    return (await request(2, 'tools/call', { name: tool, arguments: toolArgs })) as McpToolResult;
  } finally {
    server.stdin.end();
    await new Promise((resolve) => server.once('close', resolve));
  }
}
