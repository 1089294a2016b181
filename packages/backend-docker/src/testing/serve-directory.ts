/** Test support: serve a package index the test built to a container that is online for an install. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

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
