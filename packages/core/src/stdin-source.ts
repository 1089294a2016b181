import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { StdinSource } from './types.js';

/** Whether a request has stdin to send: non-empty bytes, or a stream (which may still be empty). */
export function hasStdin(source: StdinSource | undefined): source is StdinSource {
  return source !== undefined && (!(source instanceof Uint8Array) || source.byteLength > 0);
}

/** The stdin's chunks, in order. */
export async function* stdinChunks(source: StdinSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source;
}

/** The whole stdin in memory, for a transport that must announce its length first. */
export async function readAllStdin(source: StdinSource): Promise<Buffer> {
  if (source instanceof Uint8Array) return Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Writes the chunks to `stream` (a Node or streamx writable), waiting whenever it asks to, then ends it. */
export async function writeChunks(stream: Pick<Writable, 'write' | 'end'> & NodeJS.EventEmitter, source: StdinSource): Promise<void> {
  for await (const chunk of stdinChunks(source)) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
}
