import Docker from 'dockerode';
import { ContainerError, describeCause } from '@llmsb/core';

export interface DockerConnection {
  readonly docker: Docker;
  /** Where the client connects, for error messages. */
  readonly endpoint: string;
}

export interface ConnectOptions {
  /** A dockerode instance to use as is. */
  readonly client?: unknown;
  /** Unix socket of the engine. Default: `DOCKER_HOST`, else `/var/run/docker.sock`. */
  readonly socketPath?: string;
}

/** Creates (or adopts) a client and checks that the engine answers. */
export async function connectDocker(options: ConnectOptions = {}): Promise<DockerConnection> {
  const connection = createClient(options);
  try {
    await connection.docker.ping();
  } catch (error) {
    throw unreachable(connection.endpoint, error);
  }
  return connection;
}

export function createClient(options: ConnectOptions = {}): DockerConnection {
  if (options.client instanceof Docker) {
    const modem = (options.client as unknown as { modem: { socketPath?: string; host?: string } }).modem;
    return { docker: options.client, endpoint: modem.socketPath ?? modem.host ?? 'the given client' };
  }
  if (options.client !== undefined) {
    return { docker: options.client as Docker, endpoint: 'the given client' };
  }
  if (options.socketPath) return shared(options.socketPath, () => new Docker({ socketPath: options.socketPath }));
  const host = process.env['DOCKER_HOST'];
  if (host) return shared(host, () => new Docker());
  return shared('/var/run/docker.sock', () => new Docker({ socketPath: '/var/run/docker.sock' }));
}

/** One client per endpoint and process: sessions share its HTTP agent and what it learnt of the engine. */
const clients = new Map<string, DockerConnection>();

function shared(endpoint: string, create: () => Docker): DockerConnection {
  let connection = clients.get(endpoint);
  if (!connection) {
    connection = { docker: create(), endpoint };
    clients.set(endpoint, connection);
  }
  return connection;
}

export function unreachable(endpoint: string, cause: unknown): ContainerError {
  return new ContainerError(
    `Cannot reach the Docker engine at ${endpoint}: ${describeCause(cause)}. ` +
      'Start the engine (or set DOCKER_HOST) and run `llmsb doctor` to check.',
    { cause },
  );
}

/** True for errors that mean "the engine is not there" rather than "the request failed". */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EACCES' || code === 'ECONNRESET' || code === 'EPIPE';
}

export function statusCode(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
