import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '@llmsb/core';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { allowedHostsFor, hasBearerToken, isLoopback } from './http-guard.js';
import type { McpService, McpSessionServer } from './mcp-service.js';

export interface HttpServeOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Address to bind. Default: `'127.0.0.1'`; any other than loopback needs a token. */
  readonly host?: string;
  /** Bearer token every request must carry. Default: a random one (see `HttpEndpoint.authToken`). */
  readonly authToken?: string;
  /** Serve without a token (loopback only). Default: false. */
  readonly noAuth?: boolean;
  /** More `Host` header values to accept (e.g. a name behind a proxy). Default: none. */
  readonly allowedHosts?: readonly string[];
}

/** A running Streamable HTTP endpoint. */
export interface HttpEndpoint {
  readonly url: string;
  /** The token clients must send, or undefined with `noAuth`. */
  readonly authToken: string | undefined;
  /** Stops listening, ends every MCP session and removes its sandboxes. */
  close(): Promise<void>;
}

interface LiveSession {
  readonly transport: StreamableHTTPServerTransport;
  readonly mcp: McpSessionServer;
  /** Last request of this MCP session: a client that vanished without DELETE is ended after the idle TTL. */
  lastSeenAt: number;
}

/** Serves MCP over Streamable HTTP at `/mcp`: one MCP session per `Mcp-Session-Id`, its sandboxes removed on DELETE. */
export async function serveHttp(service: McpService, options: HttpServeOptions): Promise<HttpEndpoint> {
  const host = options.host ?? '127.0.0.1';
  checkBinding(host, options);
  const authToken = options.noAuth ? undefined : (options.authToken ?? randomBytes(24).toString('base64url'));
  const sessions = new Map<string, LiveSession>();
  let allowedHosts: string[] = [];

  const http: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, -32603, error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.includes(request.headers.host ?? '')) return reply(response, 403, -32000, `Invalid Host header: ${request.headers.host}`);
    if (authToken !== undefined && !hasBearerToken(request, authToken)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      return reply(response, 401, -32001, 'Missing or wrong bearer token.');
    }
    if (new URL(request.url ?? '/', 'http://x').pathname !== '/mcp') return reply(response, 404, -32601, 'Not found: the MCP endpoint is /mcp.');
    const sessionId = request.headers['mcp-session-id'];
    const live = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (live) {
      live.lastSeenAt = Date.now();
      return live.transport.handleRequest(request, response);
    }
    if (sessionId !== undefined) return reply(response, 404, -32001, 'Unknown or ended MCP session; initialize a new one.');
    if (request.method !== 'POST') return reply(response, 400, -32000, 'No MCP session: send initialize first.');
    const body = await readJson(request);
    if (!isInitializeRequest(body)) return reply(response, 400, -32000, 'No MCP session: send initialize first.');
    const mcp = service.session();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomBytes(16).toString('hex'),
      enableDnsRebindingProtection: true,
      allowedHosts,
      onsessioninitialized: (id) => void sessions.set(id, { transport, mcp, lastSeenAt: Date.now() }),
      onsessionclosed: (id) => void endSession(id),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) void endSession(transport.sessionId);
    };
    await mcp.server.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  async function endSession(id: string): Promise<void> {
    const live = sessions.get(id);
    sessions.delete(id);
    await live?.mcp.end();
  }

  const idleTtlMs = service.limits.idleTtlMs;
  const sweeper = setInterval(
    () => {
      const cutoff = Date.now() - idleTtlMs;
      for (const [id, live] of sessions) if (live.lastSeenAt < cutoff) void live.transport.close().finally(() => endSession(id));
    },
    Math.min(idleTtlMs, 30_000),
  ).unref();

  await new Promise<void>((resolve, reject) => http.once('error', reject).listen(options.port, host, resolve));
  const { port } = http.address() as AddressInfo;
  allowedHosts = allowedHostsFor(host, port, options.allowedHosts);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/mcp`,
    authToken,
    close: async () => {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await Promise.all([...sessions.keys()].map(endSession));
      await service.close();
    },
  };
}

/** A non-loopback address is served only with a token the user chose. */
export function checkBinding(host: string, options: Pick<HttpServeOptions, 'authToken' | 'noAuth'>): void {
  if (options.noAuth && !isLoopback(host))
    throw new ValidationError(`Refusing to serve ${host} without a token: only a loopback address may run with --no-auth.`);
  if (!isLoopback(host) && options.authToken === undefined) throw new ValidationError(`Binding ${host} (not loopback) needs --auth-token.`);
}

function reply(response: ServerResponse, status: number, code: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 4 * 1024 * 1024) throw new ValidationError('Request body over 4 MiB.');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
