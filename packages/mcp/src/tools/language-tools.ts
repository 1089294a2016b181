import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { findLanguage, languageDetails } from '../languages.js';
import { errorResult, jsonResult } from '../mcp-content.js';
import type { ToolContext } from './tool-context.js';

const detailsShape = z.object({
  name: z.string(),
  aliases: z.array(z.string()),
  fileExtension: z.string(),
  plots: z.boolean(),
  libraries: z.boolean(),
  steps: z.array(z.string()),
});

/** `list_languages`, `get_language_details`, and the same as resources: `llmsb://languages`, `llmsb://languages/{name}`. */
export function registerLanguageTools(server: McpServer, tools: ToolContext): void {
  const all = () => tools.context.languages.map((language) => languageDetails(language, tools.limits.allowLibraries));
  const one = (name: string) => languageDetails(findLanguage(tools.context.languages, name), tools.limits.allowLibraries);

  server.registerTool(
    'list_languages',
    {
      title: 'List languages',
      description: 'Lists the languages this server runs, with their aliases and what each supports (plots, libraries).',
      outputSchema: { languages: z.array(detailsShape) },
      annotations: { readOnlyHint: true },
    },
    () => jsonResult({ languages: all() }),
  );
  server.registerTool(
    'get_language_details',
    {
      title: 'Language details',
      description: 'Details of one language: aliases, file extension, plot capture, library installs, steps.',
      inputSchema: { language: z.string().min(1) },
      outputSchema: detailsShape.shape,
      annotations: { readOnlyHint: true },
    },
    (input) => {
      try {
        return jsonResult({ ...one(input.language) });
      } catch (error) {
        return errorResult(error);
      }
    },
  );

  server.registerResource('languages', 'llmsb://languages', { title: 'Languages', mimeType: 'application/json' }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(all()) }],
  }));
  server.registerResource(
    'language',
    new ResourceTemplate('llmsb://languages/{name}', {
      list: () => ({
        resources: all().map((details) => ({ uri: `llmsb://languages/${details.name}`, name: details.name, mimeType: 'application/json' })),
      }),
    }),
    { title: 'Language details', mimeType: 'application/json' },
    (uri, variables) => {
      const name = String(variables['name']);
      try {
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(one(name)) }] };
      } catch (error) {
        // A resource read has no error result: an unknown language is a protocol error.
        throw new McpError(ErrorCode.InvalidParams, error instanceof Error ? error.message : String(error));
      }
    },
  );
}
