import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, eventually, requireDocker, sandboxesOf, THREE_PLOTS } from './helpers.js';

type Docker = Awaited<ReturnType<typeof requireDocker>>;
type Content = { type: string; text?: string; mimeType?: string; data?: string; resource?: { uri: string; mimeType?: string; text?: string } };
/** A resource's text (a binary resource has a blob instead). */
const textOf = (content: { uri: string } | undefined): string => (content && 'text' in content ? String(content.text) : '');
type Structured = Record<string, unknown> & { stdout: string; stderr: string; status: string; exitCode: number | null };

describe('llmsb mcp over stdio, driven by the MCP SDK client', () => {
  let docker: Docker;
  let client: Client;
  let transport: StdioClientTransport;
  let serverPid: number;
  const stderr: string[] = [];

  const call = async (name: string, args: Record<string, unknown>, options?: { signal?: AbortSignal }) => {
    const result = await client.callTool({ name, arguments: args }, undefined, options);
    const content = result.content as Content[];
    // Error results of tools with their own output schema carry the error JSON as text only.
    const structured = (result.structuredContent ?? JSON.parse(String(content[0]?.text))) as Structured;
    const isError = 'isError' in result ? result.isError : undefined;
    return { ...result, isError, content, structured };
  };

  beforeAll(async () => {
    docker = await requireDocker();
    transport = new StdioClientTransport({ command: process.execPath, args: [CLI_BIN, 'mcp', '--max-timeout-ms', '30000'], stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    client = new Client({ name: 'llmsb-test', version: '1.0.0' });
    await client.connect(transport);
    serverPid = transport.pid ?? 0;
  });

  afterAll(async () => {
    await client?.close();
  });

  it('lists its tools and languages, also as a resource', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'close_session',
        'download_file',
        'execute_code',
        'get_language_details',
        'list_files',
        'list_languages',
        'list_sessions',
        'open_session',
        'run_in_session',
        'upload_file',
      ].sort(),
    );
    expect(tools.find((tool) => tool.name === 'execute_code')?.outputSchema?.properties).toHaveProperty('plots');
    const languages = await call('list_languages', {});
    expect(languages.structured).toEqual({ languages: [expect.objectContaining({ name: 'python', plots: true, libraries: true })] });
    const resource = await client.readResource({ uri: 'llmsb://languages' });
    expect(JSON.parse(textOf(resource.contents[0]))).toEqual([expect.objectContaining({ name: 'python', aliases: expect.arrayContaining(['py']) })]);
    const details = await client.readResource({ uri: 'llmsb://languages/py' });
    expect(JSON.parse(textOf(details.contents[0]))).toMatchObject({ name: 'python', fileExtension: 'py' });
  });

  it('returns a failing program as a normal result with its exit code and stderr', async () => {
    const result = await call('execute_code', { language: 'python', code: 'import sys\nprint("out")\nsys.exit("boom")' });
    expect(result.isError).toBeFalsy();
    expect(result.structured).toMatchObject({ status: 'completed', exitCode: 1, success: false, stdout: 'out\n', stderr: 'boom\n', plots: [] });
    expect(JSON.parse(String(result.content[0]?.text))).toEqual(result.structured);
  });

  it('returns a matplotlib and a seaborn figure as images and a plotly figure as an HTML resource', async () => {
    const result = await call('execute_code', { language: 'py', code: THREE_PLOTS });
    expect(result.structured.stdout).toBe('plotted\n');
    const images = result.content.filter((part) => part.type === 'image');
    const resources = result.content.filter((part) => part.type === 'resource');
    expect(images.map((image) => image.mimeType)).toEqual(['image/png', 'image/png']);
    expect(Buffer.from(String(images[0]?.data), 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(resources).toHaveLength(1);
    expect(resources[0]?.resource).toMatchObject({ mimeType: 'text/html', uri: expect.stringMatching(/^llmsb:\/\/plots\/.+\.html$/) });
    expect(resources[0]?.resource?.text).toContain('plotly');
    expect(result.structured.plots).toEqual([
      expect.objectContaining({ format: 'png', attachedAs: 'image' }),
      expect.objectContaining({ format: 'png', attachedAs: 'image' }),
      expect.objectContaining({ format: 'html', mimeType: 'text/html', attachedAs: 'resource' }),
    ]);
    expect(JSON.stringify(result.structured)).not.toContain('contentBase64');
    expect(JSON.stringify(result.structured).length).toBeLessThan(2_000);
  });

  it('returns a timeout as an error result that keeps the output printed before it', async () => {
    const started = Date.now();
    const result = await call('execute_code', {
      language: 'python',
      code: 'import time\nprint("before", flush=True)\ntime.sleep(60)',
      timeoutMs: 1500,
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.isError).toBe(true);
    expect(result.structured).toMatchObject({
      status: 'timeout',
      exitCode: null,
      stdout: 'before\n',
      error: { code: 'LLMSB_SANDBOX_TIMEOUT', name: 'SandboxTimeoutError', timeoutMs: 1500 },
    });
  });

  it('refuses an unknown language as an error result naming the ones offered', async () => {
    const result = await call('execute_code', { language: 'cobol', code: 'x' });
    expect(result.isError).toBe(true);
    expect(result.structured).toMatchObject({ status: 'refused', error: { code: 'LLMSB_LANGUAGE_NOT_SUPPORTED' } });
    expect(result.structured.error).toMatchObject({ message: expect.stringContaining('python') });
  });

  it('keeps a session across three runs and moves files in and out of its workdir', async () => {
    const opened = await call('open_session', { language: 'python' });
    const { sessionId } = opened.structured as unknown as { sessionId: string };
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const upload = await call('upload_file', { sessionId, path: 'data/in.txt', text: 'héllo' });
    expect(upload.structured).toEqual({ path: 'data/in.txt', sizeBytes: 6 });
    const first = await call('run_in_session', { sessionId, code: 'open("count.txt", "w").write("1")\nprint(open("data/in.txt").read())' });
    expect(first.structured.stdout).toBe('héllo\n');
    const second = await call('run_in_session', {
      sessionId,
      code: 'n = int(open("count.txt").read()) + 1\nopen("count.txt", "w").write(str(n))\nprint(n)',
    });
    expect(second.structured.stdout).toBe('2\n');
    const third = await call('run_in_session', { sessionId, code: 'print(int(open("count.txt").read()) + 1)' });
    expect(third.structured.stdout).toBe('3\n');
    const download = await call('download_file', { sessionId, path: 'count.txt' });
    expect(download.structured).toEqual({ path: 'count.txt', sizeBytes: 1, encoding: 'utf8' });
    expect(download.content[1]?.resource?.text).toBe('2');
    const listing = await call('list_files', { sessionId });
    expect((listing.structured as unknown as { entries: { name: string }[] }).entries.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['count.txt', 'data']),
    );
    const escape = await call('download_file', { sessionId, path: '../etc/passwd' });
    expect(escape.isError).toBe(true);
    expect(escape.structured).toMatchObject({ status: 'refused', error: { code: 'LLMSB_SECURITY_ERROR' } });
    expect(await call('close_session', { sessionId })).toMatchObject({ structuredContent: { closed: true } });
    const gone = await call('run_in_session', { sessionId, code: 'print(1)' });
    expect(gone.isError).toBe(true);
    expect(gone.structured.error).toMatchObject({ name: 'SessionNotFoundError' });
  });

  it('backs a Python session with a kernel: a variable set in one run_in_session is seen by the next two', async () => {
    const opened = await call('open_session', { language: 'python' });
    expect(opened.structured).toMatchObject({ language: 'python', variablesPersist: true });
    const { sessionId } = opened.structured as unknown as { sessionId: string };
    const first = await call('run_in_session', { sessionId, code: 'x = 1\nimport math' });
    expect(first.structured).toMatchObject({ status: 'completed', exitCode: 0, stdout: '' });
    expect(first.structured.stateLost).toBeUndefined();
    const second = await call('run_in_session', { sessionId, code: 'x = x + 1\nprint(x)\nmath.sqrt(x * 8)' });
    expect(second.structured).toMatchObject({ status: 'completed', stdout: '2\n', results: ['4.0'] });
    const third = await call('run_in_session', {
      sessionId,
      code: 'import matplotlib.pyplot as plt\nplt.plot([x, x + 1])\nplt.show()\nprint(x + 1)',
    });
    expect(third.structured).toMatchObject({
      status: 'completed',
      stdout: '3\n',
      plots: [expect.objectContaining({ format: 'png', attachedAs: 'image' })],
    });
    expect(third.content.filter((part) => part.type === 'image').map((part) => part.mimeType)).toEqual(['image/png']);
    const failed = await call('run_in_session', { sessionId, code: 'x / 0' });
    expect(failed.isError).toBeFalsy();
    expect(failed.structured).toMatchObject({ status: 'completed', exitCode: 1, stderr: expect.stringContaining('ZeroDivisionError') });
    await call('close_session', { sessionId });
  });

  it("says when a session's state was lost: the kernel died, and the next run has a fresh one", async () => {
    const { sessionId } = (await call('open_session', {})).structured as unknown as { sessionId: string };
    await call('run_in_session', { sessionId, code: 'kept = "yes"' });
    const died = await call('run_in_session', {
      sessionId,
      code: 'import os, signal\nprint("going", flush=True)\nos.kill(os.getpid(), signal.SIGKILL)',
    });
    expect(died.isError).toBe(true);
    expect(died.structured).toMatchObject({ status: 'failed', stateLost: true, error: { code: 'LLMSB_KERNEL_DIED' } });
    const next = await call('run_in_session', { sessionId, code: 'print("kept" in globals())' });
    expect(next.structured).toMatchObject({ status: 'completed', stdout: 'False\n', stateLost: true, note: expect.stringContaining('variables') });
    const after = await call('run_in_session', { sessionId, code: 'kept = 1' });
    expect(after.structured.stateLost).toBeUndefined();
    await call('close_session', { sessionId });
  });

  it('aborts a run when the client cancels the request, and the session stays usable', async () => {
    const { sessionId } = (await call('open_session', {})).structured as unknown as { sessionId: string };
    const controller = new AbortController();
    const running = call('run_in_session', { sessionId, code: 'import time\ntime.sleep(25)' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 1500);
    await expect(running).rejects.toThrow();
    const started = Date.now();
    const next = await call('run_in_session', { sessionId, code: 'print("after")' });
    expect(next.structured.stdout).toBe('after\n');
    // Calls on a session run one at a time: had the cancelled run kept sleeping, this one would have waited for it.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('writes nothing but JSON-RPC messages to stdout, even while code prints', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'mcp'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: {
        name: 'execute_code',
        arguments: { language: 'python', code: 'import sys\nprint("to stdout")\nprint("to stderr", file=sys.stderr)' },
      },
    });
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.includes('"id":2')) break;
    }
    child.stdin.end();
    const messages = lines.map((line) => JSON.parse(line) as { jsonrpc: string; id?: number; result?: { structuredContent?: { stdout: string } } });
    expect(messages.every((message) => message.jsonrpc === '2.0')).toBe(true);
    expect(messages.at(-1)?.result?.structuredContent?.stdout).toBe('to stdout\n');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
  });

  it('removes every sandbox of the MCP session when the client goes away', async () => {
    await call('open_session', {});
    expect(await sandboxesOf(docker, serverPid)).toBeGreaterThanOrEqual(2);
    await client.close();
    expect(
      await eventually(
        () => sandboxesOf(docker, serverPid),
        (count) => count === 0,
      ),
    ).toBe(0);
    expect(stderr.join('')).toContain('MCP server on stdio');
  });
});
