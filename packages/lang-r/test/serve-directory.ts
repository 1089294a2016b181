import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type Docker from 'dockerode';

/** The host's address on Docker's default bridge, where a container online for an install finds it. */
export async function bridgeGateway(docker: Docker): Promise<string> {
  const network = (await docker.getNetwork('bridge').inspect()) as { IPAM?: { Config?: { Gateway?: string }[] } };
  const gateway = network.IPAM?.Config?.find((config) => config.Gateway)?.Gateway;
  if (!gateway) throw new Error('The bridge network has no gateway address.');
  return gateway;
}

/** Serves `root`'s files read-only over HTTP on `host` (a package index built by the test). */
export async function serveDirectory(root: string, host: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(root, path);
    stat(file).then(
      (info) => {
        if (path.includes('..') || !info.isFile()) throw new Error('not a file');
        response.writeHead(200, { 'content-length': info.size });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    ).catch(() => response.writeHead(404).end());
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/`, server };
}
