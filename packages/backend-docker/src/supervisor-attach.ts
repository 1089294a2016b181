import { Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from '@llmsb/core';

/**
 * The supervisor's stream: an attach to the container's main process (stdin in, stdout out),
 * demultiplexed; the supervisor's stderr (its own diagnostics) goes to the logger.
 */
export async function attachSupervisor(docker: Docker, container: Docker.Container, logger: Logger): Promise<Duplex> {
  const socket = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as NodeJS.ReadWriteStream & Duplex;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(socket, stdout, stderr);
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
