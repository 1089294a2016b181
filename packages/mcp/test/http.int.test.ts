import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, eventually, requireDocker, sandboxesOf } from './helpers.js';

type Docker = Awaited<ReturnType<typeof requireDocker>>;

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

/** Starts `llmsb mcp --http 0` and reads the URL and generated token from its stderr. */
async function startServer(
  environment: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: URL; token: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI_BIN, 'mcp', '--http', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...environment },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!/bearer token: \S+/.test(stderr)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`llmsb mcp --http did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = new URL(/MCP server at (\S+);/.exec(stderr)?.[1] ?? '');
  const token = /bearer token: (\S+)/.exec(stderr)?.[1] ?? '';
  return { child, url, token, stderr: () => stderr };
}

/** A raw POST, with full control over the Host and Authorization headers. */
function post(url: URL, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('llmsb mcp --http (Streamable HTTP)', () => {
  let docker: Docker;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    docker = await requireDocker();
    server = await startServer();
  });

  afterAll(() => {
    server?.child.kill('SIGKILL');
  });

  it('binds loopback and refuses a request without the bearer token, or with a wrong one', async () => {
    expect(server.url.hostname).toBe('127.0.0.1');
    const missing = await post(server.url, {}, INITIALIZE);
    expect(missing.status).toBe(401);
    const wrong = await post(server.url, { authorization: `Bearer ${server.token}x` }, INITIALIZE);
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const rebound = await post(server.url, { authorization: `Bearer ${server.token}`, host: `evil.example:${server.url.port}` }, INITIALIZE);
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('Invalid Host header');
  });

  it('serves the tools to an authorised client and removes its sandboxes when the MCP session is deleted', async () => {
    const client = new Client({ name: 'llmsb-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(server.url, { requestInit: { headers: { Authorization: `Bearer ${server.token}` } } });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('execute_code');

    const run = await client.callTool({ name: 'execute_code', arguments: { language: 'python', code: 'print(6 * 7)' } });
    expect(run.structuredContent).toMatchObject({ status: 'completed', exitCode: 0, stdout: '42\n' });

    const opened = await client.callTool({ name: 'open_session', arguments: {} });
    const { sessionId } = opened.structuredContent as { sessionId: string };
    for (const expected of ['1\n', '2\n', '3\n']) {
      const step = await client.callTool({
        name: 'run_in_session',
        arguments: {
          sessionId,
          code: 'import os\nn = int(open("n").read()) + 1 if os.path.exists("n") else 1\nopen("n", "w").write(str(n))\nprint(n)',
        },
      });
      expect(step.structuredContent).toMatchObject({ stdout: expected });
    }
    expect(await sandboxesOf(docker, server.child.pid ?? 0)).toBe(1);

    await transport.terminateSession();
    expect(
      await eventually(
        () => sandboxesOf(docker, server.child.pid ?? 0),
        (count) => count === 0,
      ),
    ).toBe(0);
    await client.close();
  });

  it('keeps each sandbox session to the MCP session that opened it', async () => {
    const connect = async () => {
      const client = new Client({ name: 'llmsb-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(server.url, { requestInit: { headers: { Authorization: `Bearer ${server.token}` } } }));
      return client;
    };
    const [owner, stranger] = await Promise.all([connect(), connect()]);
    const { sessionId } = (await owner.callTool({ name: 'open_session', arguments: {} })).structuredContent as { sessionId: string };
    const stolen = await stranger.callTool({ name: 'run_in_session', arguments: { sessionId, code: 'print(1)' } });
    expect(stolen.isError).toBe(true);
    expect(stolen.structuredContent).toMatchObject({ status: 'refused', error: { name: 'SessionNotFoundError' } });
    expect((await stranger.callTool({ name: 'list_sessions', arguments: {} })).structuredContent).toEqual({ sessions: [] });
    const own = await owner.callTool({ name: 'run_in_session', arguments: { sessionId, code: 'print(1)' } });
    expect(own.structuredContent).toMatchObject({ stdout: '1\n' });
    await owner.callTool({ name: 'close_session', arguments: { sessionId } });
    await Promise.all([owner.close(), stranger.close()]);
  });

  it('refuses to serve a non-loopback address without a token', () => {
    const noAuth = spawnSync(process.execPath, [CLI_BIN, 'mcp', '--http', '0', '--host', '0.0.0.0', '--no-auth'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    // 125: llmsb's own failure (see the CLI's exit-code scheme).
    expect(noAuth.status).toBe(125);
    expect(noAuth.stderr).toContain('without a token');
    const noToken = spawnSync(process.execPath, [CLI_BIN, 'mcp', '--http', '0', '--host', '0.0.0.0'], { encoding: 'utf8', timeout: 30_000 });
    expect(noToken.status).toBe(125);
    expect(noToken.stderr).toContain('needs --auth-token');
  });

  it('ends an MCP session whose client vanished without DELETE after the idle TTL, sandboxes included', async () => {
    const idle = await startServer({ LLMSB_MCP_IDLE_TTL_MS: '3000' });
    try {
      const client = new Client({ name: 'llmsb-test', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(idle.url, { requestInit: { headers: { Authorization: `Bearer ${idle.token}` } } });
      await client.connect(transport);
      const opened = await client.callTool({ name: 'open_session', arguments: {} });
      expect(opened.structuredContent).toMatchObject({ sessionId: expect.any(String) });
      // No count right after the open: on a loaded machine the 3 s TTL may already have passed.
      expect(
        await eventually(
          () => sandboxesOf(docker, idle.child.pid ?? 0),
          (count) => count === 0,
          30_000,
        ),
      ).toBe(0);
      const late = await post(
        idle.url,
        { authorization: `Bearer ${idle.token}`, 'mcp-session-id': transport.sessionId ?? '', 'mcp-protocol-version': '2025-06-18' },
        { jsonrpc: '2.0', id: 9, method: 'tools/list' },
      );
      expect(late.status).toBe(404);
    } finally {
      idle.child.kill('SIGKILL');
    }
  });

  it('stops on SIGTERM and leaves no sandbox behind', async () => {
    const client = new Client({ name: 'llmsb-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url, { requestInit: { headers: { Authorization: `Bearer ${server.token}` } } }));
    await client.callTool({ name: 'open_session', arguments: {} });
    const pid = server.child.pid ?? 0;
    expect(await sandboxesOf(docker, pid)).toBe(1);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await sandboxesOf(docker, pid)).toBe(0);
    await client.close().catch(() => undefined);
  });
});
