import { Writable } from 'node:stream';

/** A Writable that hands each chunk to `callback` (demultiplexed exec output → ExecRequest callbacks). */
export function callbackSink(callback: ((chunk: Uint8Array) => void) | undefined): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      callback?.(chunk);
      done();
    },
  });
}
