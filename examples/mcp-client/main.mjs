// An MCP client driving `llmsb mcp` over stdio, as an agent host would: one-off runs with plots,
// a session kept across calls (a Python kernel: variables persist), and a timeout that keeps its partial output.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

// `llmsb` from this project's @llmsb/cli; with a global install, use { command: 'llmsb', args: ['mcp'] }.
const cli = join(dirname(createRequire(import.meta.url).resolve('@llmsb/cli/package.json')), 'dist/bin.js');
const client = new Client({ name: 'llmsb-example', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp'], stderr: 'inherit' }));

try {
  const { tools } = await client.listTools();
  console.log('tools:', tools.map((tool) => tool.name).join(', '));

  const plots = await client.callTool({
    name: 'execute_code',
    arguments: {
      language: 'python',
      code: [
        'import matplotlib.pyplot as plt, seaborn as sns, plotly.express as px',
        'plt.plot([1, 3, 2]); plt.show()',
        'sns.histplot([1, 2, 2, 3]); plt.show()',
        'px.bar(x=["a", "b"], y=[1, 2]).show()',
        'print("three figures")',
      ].join('\n'),
    },
  });
  const kinds = plots.content.map((part) =>
    part.type === 'resource' ? `resource ${part.resource.mimeType}` : part.type === 'image' ? `image ${part.mimeType}` : part.type,
  );
  console.log('execute_code stdout:', JSON.stringify(plots.structuredContent.stdout), '| content:', kinds.join(', '));

  const { sessionId } = (await client.callTool({ name: 'open_session', arguments: { language: 'python' } })).structuredContent;
  // A Python session is a kernel: `n` set by one run is there in the next, like a notebook.
  for (const code of ['n = 1\nprint("run", n)', 'n += 1\nprint("run", n)', 'n += 1\nprint("run", n)\nn * 10']) {
    const step = await client.callTool({ name: 'run_in_session', arguments: { sessionId, code } });
    const { stdout, results = [] } = step.structuredContent;
    console.log('run_in_session:', stdout.trim(), ...results.map((value) => `-> ${value}`));
  }
  await client.callTool({ name: 'close_session', arguments: { sessionId } });

  const slow = await client.callTool({
    name: 'execute_code',
    arguments: { language: 'python', code: 'import time\nprint("started", flush=True)\ntime.sleep(60)', timeoutMs: 1000 },
  });
  console.log(
    'timeout: isError =',
    slow.isError,
    '| status =',
    slow.structuredContent.status,
    '| partial stdout =',
    JSON.stringify(slow.structuredContent.stdout),
  );
} finally {
  await client.close(); // ends the MCP session: the server removes its sandboxes and exits
}
