import { randomBytes } from 'node:crypto';
import { toolError, type Attachment, type ToolOutcome } from '@llmsb/ai';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A tool outcome as an MCP tool result: the result JSON as text and as `structuredContent` (no
 * base64 in either), every PNG/JPEG plot as image content, every other plot (plotly's HTML,
 * SVG, PDF) as an embedded resource; `isError` for timeouts, refusals and sandbox failures.
 */
export function callToolResult(outcome: ToolOutcome): CallToolResult {
  const batch = randomBytes(4).toString('hex');
  return {
    content: [{ type: 'text', text: JSON.stringify(outcome.output) }, ...outcome.attachments.map((attachment) => contentOf(attachment, batch))],
    structuredContent: outcome.output,
    ...(outcome.isError ? { isError: true } : {}),
  };
}

function contentOf(attachment: Attachment, batch: string): CallToolResult['content'][number] {
  if (attachment.kind === 'image') return { type: 'image', data: attachment.base64, mimeType: attachment.mimeType };
  const uri = `llmsb://plots/${batch}/${attachment.name}`;
  return {
    type: 'resource',
    resource:
      attachment.text !== undefined
        ? { uri, mimeType: attachment.mimeType, text: attachment.text }
        : { uri, mimeType: attachment.mimeType, blob: attachment.base64 },
  };
}

/** A plain JSON tool result (session and file tools), also as `structuredContent`. */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

/**
 * An error result for a tool whose output schema is not the run result's: the error JSON as text
 * only (clients validate any `structuredContent` against the tool's schema, errors included).
 */
export function errorResult(error: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(toolError(error).output) }], isError: true };
}
