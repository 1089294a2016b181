import { request } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from '@llmsb/core';

/**
 * The supervisor's stream: an attach to the container's main process (stdin in, stdout out),
 * demultiplexed; the supervisor's stderr (its own diagnostics) goes to the logger.
 */
export async function attachSupervisor(docker: Docker, container: Docker.Container, logger: Logger): Promise<Duplex> {
  const socket = await upgradeToAttach(docker, container.id);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  demuxWithBackpressure(socket, stdout, stderr);
  stderr.setEncoding('utf8').on('data', (text: string) => logger.debug(`supervisor: ${text.trimEnd()}`));
  const finish = (): void => {
    stdout.end();
    stderr.end();
  };
  socket.once('end', finish);
  socket.once('close', finish);
  socket.once('error', (error: Error) => stdout.destroy(error));
  return Duplex.from({ readable: stdout, writable: socket });
}

/**
 * Splits the engine's multiplexed attach stream (8-byte headers: stream type, then a big-endian
 * length) into stdout and stderr. Unlike dockerode's `demuxStream` it stops reading the socket
 * while stdout is full, so a reader that pauses the supervisor's stream holds the supervisor back
 * instead of piling its output up in memory.
 */
function demuxWithBackpressure(socket: Socket, stdout: PassThrough, stderr: PassThrough): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.byteLength === 0 ? chunk : Buffer.concat([pending, chunk]);
    let full = false;
    while (pending.byteLength >= 8) {
      const length = pending.readUInt32BE(4);
      if (pending.byteLength < 8 + length) break;
      const payload = pending.subarray(8, 8 + length);
      if (pending[0] === 2) stderr.write(payload);
      else if (!stdout.write(payload)) full = true;
      pending = pending.subarray(8 + length);
    }
    if (full) {
      socket.pause();
      stdout.once('drain', () => socket.resume());
    }
  });
}

/**
 * POST /containers/{id}/attach with an upgrade to a raw stream and an empty body. dockerode's
 * `attach` sends its options as a JSON body, which Podman's compatible service hands to the
 * process's stdin (ahead of the handshake), and with no body it never answers Podman's upgrade.
 * The supervisor runs only on an engine on this host, so the engine is a Unix socket.
 */
function upgradeToAttach(docker: Docker, id: string): Promise<Socket> {
  const socketPath = (docker.modem as { socketPath?: unknown }).socketPath;
  if (typeof socketPath !== 'string') return Promise.reject(new Error('attaching to the supervisor needs an engine on a Unix socket'));
  return new Promise((resolve, reject) => {
    const attach = request({
      socketPath,
      method: 'POST',
      path: `/containers/${encodeURIComponent(id)}/attach?stream=1&stdin=1&stdout=1&stderr=1`,
      headers: { Connection: 'Upgrade', Upgrade: 'tcp', 'Content-Length': 0 },
    });
    attach.once('upgrade', (_response, socket) => resolve(socket));
    attach.once('response', (response) => {
      response.resume();
      reject(new Error(`the engine refused to attach (HTTP ${response.statusCode ?? '?'})`));
    });
    attach.once('error', reject);
    attach.end();
  });
}
