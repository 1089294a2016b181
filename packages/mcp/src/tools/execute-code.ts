import { sandboxToolOutputSchema, toolError, toolOutcomeOf } from '@llmsb/ai';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findLanguage } from '../languages.js';
import { callToolResult } from '../mcp-content.js';
import { openSandbox } from '../open-sandbox.js';
import { codeFields } from './input-shapes.js';
import { runLimits, type ToolContext } from './tool-context.js';

/** `execute_code`: one run in a fresh sandbox that is removed afterwards (no state across calls). */
export function registerExecuteCode(server: McpServer, tools: ToolContext): void {
  server.registerTool(
    'execute_code',
    {
      title: 'Run code in a fresh sandbox',
      description:
        'Runs a program in a fresh, isolated sandbox that is removed afterwards, and returns its exit code, stdout, stderr and ' +
        'every plot (PNG images; plotly figures as HTML resources). A non-zero exit code is a normal result; a timeout is an ' +
        `error result with the output printed before it. Languages: ${tools.context.languages.map((l) => l.name).join(', ')}. ` +
        'For state across calls use open_session and run_in_session.',
      inputSchema: { language: z.string().min(1).describe('Language name or alias, see list_languages.'), ...codeFields },
      outputSchema: sandboxToolOutputSchema.shape,
      annotations: { openWorldHint: false },
    },
    async (input, extra) => {
      try {
        const language = findLanguage(tools.context.languages, input.language);
        const options = { ...runLimits(tools, input), signal: extra.signal };
        const outcome = await toolOutcomeOf(() =>
          tools.hub.oneOff(
            tools.owner,
            () => openSandbox(language, tools.limits, tools.context),
            (session) => session.run(input.code, options),
          ),
        );
        return callToolResult(outcome);
      } catch (error) {
        return callToolResult(toolError(error));
      }
    },
  );
}
