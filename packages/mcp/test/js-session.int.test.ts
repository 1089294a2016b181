// `llmsb mcp --languages javascript`: a JavaScript session is a kernel too (a persistent Node context).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, requireDocker } from './helpers.js';

describe('llmsb mcp with JavaScript, driven by the MCP SDK client', () => {
  it('keeps a variable across three run_in_session calls and returns the last value in results', async () => {
    await requireDocker();
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI_BIN, 'mcp', '--languages', 'javascript'], stderr: 'pipe' });
    const client = new Client({ name: 'llmsb-js-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const call = async (name: string, args: Record<string, unknown>) =>
        (await client.callTool({ name, arguments: args })).structuredContent as Record<string, unknown>;
      const opened = await call('open_session', { language: 'js' });
      expect(opened).toMatchObject({ language: 'javascript', variablesPersist: true });
      const sessionId = String(opened.sessionId);
      expect(await call('run_in_session', { sessionId, code: 'let n = 1' })).toMatchObject({ status: 'completed', exitCode: 0 });
      expect(await call('run_in_session', { sessionId, code: 'n += 1\nconsole.log("n is", n)\nn' })).toMatchObject({
        stdout: 'n is 2\n',
        results: ['2'],
      });
      expect(await call('run_in_session', { sessionId, code: 'const doubled = await Promise.resolve(n * 2)\ndoubled' })).toMatchObject({
        status: 'completed',
        results: ['4'],
      });
      const thrown = await call('run_in_session', { sessionId, code: 'null.x' });
      expect(thrown).toMatchObject({ status: 'completed', exitCode: 1, stderr: expect.stringContaining('TypeError') });
    } finally {
      await client.close();
    }
  });
});
