import { LIBRARY_VERSION } from '@llmsb/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerExecuteCode } from './tools/execute-code.js';
import { registerFileTools } from './tools/file-tools.js';
import { registerLanguageTools } from './tools/language-tools.js';
import { registerSessionTools } from './tools/session-tools.js';
import type { ToolContext } from './tools/tool-context.js';

/** One MCP server object per MCP session (stdio: the process; HTTP: each `Mcp-Session-Id`), with every llmsb tool. */
export function createSandboxMcpServer(tools: ToolContext): McpServer {
  const server = new McpServer(
    { name: 'llmsb', title: 'llmsb sandboxes', version: LIBRARY_VERSION },
    {
      instructions:
        'Runs untrusted code in isolated sandboxes. execute_code for one-off runs; open_session + run_in_session when ' +
        'state must carry over (Python: variables, imports and functions, like a notebook; every language: files and ' +
        'installed libraries); close_session when done.',
    },
  );
  registerExecuteCode(server, tools);
  registerSessionTools(server, tools);
  registerFileTools(server, tools);
  registerLanguageTools(server, tools);
  return server;
}
