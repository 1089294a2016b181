import { sandboxToolOutputSchema, toolError, toolOutcomeOf } from '@llmsb/ai';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findLanguage } from '../languages.js';
import { callToolResult, errorResult, jsonResult } from '../mcp-content.js';
import { openSandbox } from '../open-sandbox.js';
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
        'Opens a sandbox kept across calls: files in its working directory and installed libraries persist; each run is a new process. ' +
        `Closed by close_session, when this MCP session ends, or after ${Math.round(tools.limits.idleTtlMs / 1000)} s unused.`,
      inputSchema: {
        language: z.string().min(1).optional().describe(`Language name or alias (default ${defaultLanguage}).`),
        libraries: codeFields.libraries,
      },
      outputSchema: { sessionId: z.string(), language: z.string() },
    },
    async (input) => {
      try {
        const language = findLanguage(tools.context.languages, input.language ?? defaultLanguage);
        const { libraries } = runLimits(tools, input);
        const sessionId = await tools.hub.open(tools.owner, language.name, async () => {
          const session = await openSandbox(language, tools.limits, tools.context);
          try {
            if (libraries) await session.install(libraries);
            return session;
          } catch (error) {
            // A failed install must not leave a sandbox nobody holds an id for.
            await session.close().catch(() => undefined);
            throw error;
          }
        });
        return jsonResult({ sessionId, language: language.name });
      } catch (error) {
        return errorResult(error);
      }
    },
  );

  server.registerTool(
    'run_in_session',
    {
      title: 'Run code in a session',
      description: 'Runs a program in an open session; same result as execute_code, and the session keeps its files and libraries.',
      inputSchema: { ...sessionIdField, ...codeFields },
      outputSchema: sandboxToolOutputSchema.shape,
    },
    async (input, extra) => {
      try {
        const options = { ...runLimits(tools, input), signal: extra.signal };
        const outcome = await toolOutcomeOf(() => tools.hub.use(tools.owner, input.sessionId, (session) => session.run(input.code, options)));
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
