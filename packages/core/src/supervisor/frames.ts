/**
 * The supervisor protocol's framing (version 1; the full text is PROTOCOL.md in
 * `@llmsb/supervisor`): a big-endian uint32 length of what follows, a type byte, a big-endian
 * uint32 request id, then the payload. Control payloads are JSON, data payloads raw bytes.
 */
export const PROTOCOL_VERSION = 1;

/** Largest payload either side may send. */
export const MAX_PAYLOAD = 1024 * 1024;

/** Bytes of type + id, counted by `length`. */
const HEADER_AFTER_LENGTH = 5;

export const FrameType = {
  HELLO: 0x01,
  EXEC: 0x02,
  STDIN: 0x03,
  STDIN_EOF: 0x04,
  KILL: 0x05,
  PING: 0x06,
  FILE_READ: 0x07,
  FILE_WRITE: 0x08,
  FILE_STAT: 0x09,
  FILE_LIST: 0x0a,
  FILE_REMOVE: 0x0b,
  SWEEP: 0x0c,
  HELLO_OK: 0x81,
  STARTED: 0x82,
  STDOUT: 0x83,
  STDERR: 0x84,
  EXIT: 0x85,
  PONG: 0x86,
  DROPPED: 0x87,
  FILE_DATA: 0x88,
  FILE_DONE: 0x89,
  FILE_INFO: 0x8a,
  SWEPT: 0x8b,
  ERROR: 0x8f,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

const KNOWN_TYPES = new Set<number>(Object.values(FrameType));

export interface Frame {
  readonly type: FrameType;
  readonly id: number;
  readonly payload: Uint8Array;
}

/** A frame that breaks the protocol's rules; the connection cannot continue. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

export function encodeFrame(type: FrameType, id: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  if (payload.byteLength > MAX_PAYLOAD) throw new ProtocolError(`frame payload of ${payload.byteLength} bytes exceeds ${MAX_PAYLOAD}`);
  const frame = Buffer.allocUnsafe(4 + HEADER_AFTER_LENGTH + payload.byteLength);
  frame.writeUInt32BE(HEADER_AFTER_LENGTH + payload.byteLength, 0);
  frame.writeUInt8(type, 4);
  frame.writeUInt32BE(id >>> 0, 5);
  frame.set(payload, 9);
  return frame;
}

export function encodeJsonFrame(type: FrameType, id: number, body: unknown): Buffer {
  return encodeFrame(type, id, Buffer.from(JSON.stringify(body)));
}

export function decodeJson<T>(frame: Frame): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(frame.payload).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as T;
  } catch (error) {
    throw new ProtocolError(`frame 0x${frame.type.toString(16)} has a malformed JSON payload: ${(error as Error).message}`);
  }
}

/**
 * Splits a byte stream into frames. Bytes may arrive in any chunking; `push` returns every frame
 * completed so far and throws `ProtocolError` on a length out of bounds or an unknown type.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Uint8Array): Frame[] {
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pendingBytes += chunk.byteLength;
    const frames: Frame[] = [];
    if (this.pendingBytes < 4) return frames;
    let buffer = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    let offset = 0;
    while (buffer.byteLength - offset >= 4) {
      const length = buffer.readUInt32BE(offset);
      if (length < HEADER_AFTER_LENGTH || length > HEADER_AFTER_LENGTH + MAX_PAYLOAD) {
        throw new ProtocolError(`frame length ${length} is out of bounds`);
      }
      if (buffer.byteLength - offset < 4 + length) break;
      const type = buffer.readUInt8(offset + 4);
      if (!KNOWN_TYPES.has(type)) throw new ProtocolError(`unknown frame type 0x${type.toString(16)}`);
      const id = buffer.readUInt32BE(offset + 5);
      // Copied: the payload outlives the buffer it arrived in.
      frames.push({ type: type as FrameType, id, payload: Uint8Array.prototype.slice.call(buffer, offset + 9, offset + 4 + length) });
      offset += 4 + length;
    }
    buffer = buffer.subarray(offset);
    this.pending = buffer.byteLength > 0 ? [buffer] : [];
    this.pendingBytes = buffer.byteLength;
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get buffered(): number {
    return this.pendingBytes;
  }
}
