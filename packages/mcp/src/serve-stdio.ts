import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { McpService } from './mcp-service.js';

/**
 * Serves one MCP session over stdin/stdout (stdout carries only the protocol). Resolves when the
 * client goes away (stdin ends) or the process is told to stop; the sandboxes are removed by then.
 */
export async function serveStdio(service: McpService): Promise<void> {
  const { server, end } = service.session();
  const transport = new StdioServerTransport();
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  transport.onclose = stop;
  process.stdin.once('end', stop).once('close', stop);
  process.once('SIGINT', stop).once('SIGTERM', stop);
  await server.connect(transport);
  await stopped;
  process.off('SIGINT', stop).off('SIGTERM', stop);
  await end();
  await service.close();
}
