/** Test support: serve a package index the test built to a container that is online for an install. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type Docker from 'dockerode';
import { connectDocker } from '../connect.js';

/** The host's address on Docker's default bridge, where a container online for an install finds it. */
export async function bridgeGateway(docker?: Docker): Promise<string> {
  const client = docker ?? (await connectDocker()).docker;
  const network = (await client.getNetwork('bridge').inspect()) as { IPAM?: { Config?: { Gateway?: string }[] } };
  const gateway = network.IPAM?.Config?.find((config) => config.Gateway)?.Gateway;
  if (!gateway) throw new Error('The bridge network has no gateway address.');
  return gateway;
}

export interface ServedDirectory {
  readonly url: string;
  readonly server: Server;
  /** Paths asked for, in order (to prove an install really used this index). */
  readonly requested: string[];
}

/** Serves `root`'s files read-only over HTTP on `host`. */
export async function serveDirectory(root: string, host: string): Promise<ServedDirectory> {
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    requested.push(path);
    stat(join(root, path))
      .then((info) => {
        if (path.includes('..') || !info.isFile()) throw new Error('not a file');
        response.writeHead(200, { 'content-length': info.size });
        createReadStream(join(root, path)).pipe(response);
      })
      .catch(() => response.writeHead(404).end());
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/`, server, requested };
}
