import { sandboxToolOutputSchema, toolError } from '@llmsb/ai';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findLanguage } from '../languages.js';
import { callToolResult, errorResult, jsonResult } from '../mcp-content.js';
import { hasSessionKernel, openSessionSandbox } from '../open-sandbox.js';
import { codeFields, sessionIdField } from './input-shapes.js';
import { runLimits, type ToolContext } from './tool-context.js';

/** `open_session`, `run_in_session`, `list_sessions`, `close_session`: a sandbox kept across calls. */
export function registerSessionTools(server: McpServer, tools: ToolContext): void {
  const defaultLanguage = tools.context.languages[0]?.name ?? 'python';
  server.registerTool(
    'open_session',
    {
      title: 'Open a sandbox session',
      description:
        'Opens a sandbox kept across calls. ' +
        `${kernelNote(tools)}` +
        'Files in its working directory persist in every language. ' +
        `Closed by close_session, when this MCP session ends, or after ${Math.round(tools.limits.idleTtlMs / 1000)} s unused.`,
      inputSchema: {
        language: z.string().min(1).optional().describe(`Language name or alias (default ${defaultLanguage}).`),
        libraries: codeFields.libraries,
      },
      outputSchema: { sessionId: z.string(), language: z.string(), variablesPersist: z.boolean() },
    },
    async (input) => {
      try {
        const language = findLanguage(tools.context.languages, input.language ?? defaultLanguage);
        const { libraries } = runLimits(tools, input);
        let variablesPersist = false;
        const sessionId = await tools.hub.open(tools.owner, language.name, async () => {
          const sandbox = await openSessionSandbox(language, libraries, tools.limits, tools.context, tools.warm);
          variablesPersist = sandbox.variablesPersist;
          return sandbox;
        });
        return jsonResult({ sessionId, language: language.name, variablesPersist });
      } catch (error) {
        return errorResult(error);
      }
    },
  );

  server.registerTool(
    'run_in_session',
    {
      title: 'Run code in a session',
      description:
        'Runs code in an open session. With variablesPersist (Python, JavaScript, TypeScript) it is a notebook cell: names defined earlier are ' +
        "there, the last expression's value comes back in results, figures as images; stateLost: true says the kernel " +
        'was restarted and earlier variables are gone (libraries given here restart it: give them to open_session). ' +
        'Otherwise it runs as a new program, as execute_code does.',
      inputSchema: { ...sessionIdField, ...codeFields },
      outputSchema: sandboxToolOutputSchema.shape,
    },
    async (input, extra) => {
      try {
        const options = { ...runLimits(tools, input), signal: extra.signal };
        const outcome = await tools.hub.use(tools.owner, input.sessionId, (sandbox) => sandbox.run(input.code, options));
        return callToolResult(outcome);
      } catch (error) {
        return callToolResult(toolError(error));
      }
    },
  );

  server.registerTool(
    'list_sessions',
    {
      title: 'List open sessions',
      description: 'Lists the sandbox sessions this MCP session has open.',
      outputSchema: { sessions: z.array(z.object({ sessionId: z.string(), language: z.string(), idleMs: z.number() })) },
      annotations: { readOnlyHint: true },
    },
    () => jsonResult({ sessions: tools.hub.list(tools.owner) }),
  );

  server.registerTool(
    'close_session',
    {
      title: 'Close a session',
      description: 'Closes a sandbox session and removes its sandbox.',
      inputSchema: sessionIdField,
      outputSchema: { closed: z.boolean() },
      annotations: { destructiveHint: true, idempotentHint: true },
    },
    async (input) => {
      try {
        await tools.hub.close(tools.owner, input.sessionId);
        return jsonResult({ closed: true });
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}

/** How open_session describes the kernel languages of this server. */
function kernelNote(tools: ToolContext): string {
  const kernels = tools.context.languages.filter((language) => hasSessionKernel(language, tools.limits)).map((language) => language.name);
  if (kernels.length === 0) return 'Each run is a new process. ';
  return `${kernels.join(', ')}: a kernel, so variables, imports and functions persist across runs (a notebook). Other languages: each run is a new process. `;
}
