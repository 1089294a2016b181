import { Duplex, PassThrough } from 'node:stream';
import type { Logger } from '@llmsb/core';
import type { KubeClient } from './kube-client.js';

/** The part of a `ws` WebSocket the attach needs. */
interface Socket {
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

/**
 * The supervisor's stream: one pods/attach WebSocket to the sandbox container's main process
 * (stdin in, stdout out); the supervisor's stderr (its diagnostics) goes to the logger. Closing
 * the stream closes the socket; the container's stdin stays open (`stdinOnce: false`), so the
 * supervisor notices a lost owner by the missing heartbeats, not by end of input.
 */
export async function attachSupervisor(kube: KubeClient, namespace: string, pod: string, container: string, logger: Logger): Promise<Duplex> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stderr.setEncoding('utf8').on('data', (text: string) => logger.debug(`supervisor: ${text.trimEnd()}`));
  const socket = (await kube.attach.attach(namespace, pod, container, stdout, stderr, stdin, false)) as unknown as Socket;
  socket.on('close', () => {
    stdout.end();
    stderr.end();
  });
  socket.on('error', (error) => stdout.destroy(error));
  const stream = Duplex.from({ readable: stdout, writable: stdin });
  stream.once('close', () => socket.close());
  return stream;
}
