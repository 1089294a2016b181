import { posix } from 'node:path';
import { ResourceError, ValidationError } from '@llmsb/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { errorResult, jsonResult } from '../mcp-content.js';
import { sessionIdField } from './input-shapes.js';
import type { ToolContext } from './tool-context.js';

const relativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/'), 'a path relative to the working directory (no leading /)')
  .describe("Path relative to the session's working directory.");

/** `upload_file`, `download_file`, `list_files`: files in a session's working directory, within `maxFileBytes`. */
export function registerFileTools(server: McpServer, tools: ToolContext): void {
  const cap = tools.limits.maxFileBytes;
  server.registerTool(
    'upload_file',
    {
      title: 'Write a file into a session',
      description: `Writes a file into a session's working directory (at most ${cap} bytes). Give text, or bytes as base64.`,
      inputSchema: {
        ...sessionIdField,
        path: relativePath,
        text: z.string().optional().describe('The content as UTF-8 text.'),
        base64: z.string().optional().describe('The content as base64 (binary files).'),
      },
      outputSchema: { path: z.string(), sizeBytes: z.number() },
    },
    async (input) => {
      try {
        if ((input.text === undefined) === (input.base64 === undefined)) throw new ValidationError('Give exactly one of text or base64.');
        const bytes = input.text !== undefined ? Buffer.from(input.text, 'utf8') : Buffer.from(input.base64 ?? '', 'base64');
        if (bytes.length > cap) throw new ResourceError(`The file is ${bytes.length} bytes; this server takes at most ${cap}.`);
        await tools.hub.use(tools.owner, input.sessionId, async (session) => {
          const parent = posix.dirname(input.path);
          // Parent folders are made for the caller; a `..` path is left to writeFile, which refuses it.
          if (parent !== '.' && !input.path.split('/').includes('..')) await session.session.executeCommand(['mkdir', '-p', '--', parent]);
          await session.session.writeFile(input.path, bytes);
        });
        return jsonResult({ path: input.path, sizeBytes: bytes.length });
      } catch (error) {
        return errorResult(error);
      }
    },
  );

  server.registerTool(
    'download_file',
    {
      title: 'Read a file from a session',
      description: `Reads a file from a session's working directory (at most ${cap} bytes): text as text, anything else as a base64 resource.`,
      inputSchema: { ...sessionIdField, path: relativePath },
      outputSchema: { path: z.string(), sizeBytes: z.number(), encoding: z.enum(['utf8', 'base64']) },
      annotations: { readOnlyHint: true },
    },
    async (input) => {
      try {
        const bytes = await tools.hub.use(tools.owner, input.sessionId, async (session) => {
          const stat = await session.session.stat(input.path);
          if (stat.type !== 'file') throw new ValidationError(`${input.path} is a ${stat.type}, not a file.`);
          if (stat.size > cap) throw new ResourceError(`${input.path} is ${stat.size} bytes; this server returns at most ${cap}.`);
          return Buffer.from(await session.session.readFile(input.path));
        });
        const text = asText(bytes);
        const summary = { path: input.path, sizeBytes: bytes.length, encoding: text === undefined ? 'base64' : 'utf8' } as const;
        const uri = `llmsb://sessions/${input.sessionId}/files/${input.path.split('/').map(encodeURIComponent).join('/')}`;
        return {
          ...jsonResult(summary),
          content: [
            { type: 'text', text: JSON.stringify(summary) },
            text === undefined
              ? { type: 'resource', resource: { uri, mimeType: 'application/octet-stream', blob: bytes.toString('base64') } }
              : { type: 'resource', resource: { uri, mimeType: 'text/plain', text } },
          ],
        };
      } catch (error) {
        return errorResult(error);
      }
    },
  );

  server.registerTool(
    'list_files',
    {
      title: 'List files in a session',
      description: "Lists a directory of a session's working directory (default: the working directory itself).",
      inputSchema: { ...sessionIdField, path: relativePath.optional() },
      outputSchema: { entries: z.array(z.object({ name: z.string(), type: z.string(), sizeBytes: z.number() })) },
      annotations: { readOnlyHint: true },
    },
    async (input) => {
      try {
        const entries = await tools.hub.use(tools.owner, input.sessionId, (session) => session.session.listFiles(input.path ?? '.'));
        return jsonResult({ entries: entries.map((entry) => ({ name: entry.name, type: entry.type, sizeBytes: entry.size })) });
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}

/** The bytes as text when they are valid UTF-8 without NUL bytes, else undefined. */
function asText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
