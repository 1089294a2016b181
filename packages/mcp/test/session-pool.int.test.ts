// `llmsb mcp --pool-min 1`: open_session takes a sandbox the server prepared before anyone asked.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, eventually, requireDocker } from './helpers.js';

describe('llmsb mcp with a warm pool, driven by the MCP SDK client', () => {
  it("opens a Python session on the pool's ready sandbox, keeps its variables across three runs, and removes the pool at exit", async () => {
    const docker = await requireDocker();
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI_BIN, 'mcp', '--pool-min', '1'], stderr: 'pipe' });
    const client = new Client({ name: 'llmsb-pool-test', version: '1.0.0' });
    // The server answers once its pool is ready.
    await client.connect(transport);
    const owned = async () => docker.listContainers({ all: true, filters: { label: [`llmsb.owner.pid=${transport.pid}`] } });
    const ready = await owned();
    expect(ready).toHaveLength(1);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })).structuredContent as Record<string, unknown>;

    const { sessionId } = (await call('open_session', { language: 'python' })) as { sessionId: string };
    const first = await call('run_in_session', { sessionId, code: 'import socket\ncounter = 1\nprint(socket.gethostname())' });
    expect(ready[0]?.Id.startsWith(String(first.stdout).trim())).toBe(true);
    expect((await call('run_in_session', { sessionId, code: 'counter += 1' })).status).toBe('completed');
    expect(await call('run_in_session', { sessionId, code: 'print(counter + 1)' })).toMatchObject({ stdout: '3\n' });
    // The pool prepares a fresh sandbox for the next session.
    expect((await eventually(owned, (containers) => containers.length === 2)).length).toBe(2);

    await client.close();
    expect((await eventually(owned, (containers) => containers.length === 0)).length).toBe(0);
  });
});
