import { OutputDecodingError } from './errors.js';

/**
 * Collects one output stream with bounded memory: the first and last `maxBytes / 2` bytes are
 * kept, the middle is counted and dropped. Chunks are decoded as UTF-8 across chunk boundaries,
 * both for streaming callbacks and for the final text.
 */
export class OutputCollector {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly head: Uint8Array[] = [];
  private headBytes = 0;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private totalBytes = 0;
  private readonly streamDecoder = new TextDecoder('utf-8');

  constructor(
    maxBytes: number,
    private readonly encodingErrors: 'replace' | 'strict' = 'replace',
  ) {
    this.headLimit = Math.ceil(maxBytes / 2);
    this.tailLimit = Math.floor(maxBytes / 2);
  }

  /** Stores a chunk and returns its decoded text (an incomplete trailing character waits for the next chunk). */
  push(chunk: Uint8Array): string {
    this.totalBytes += chunk.byteLength;
    let rest = chunk;
    if (this.headBytes < this.headLimit) {
      const take = Math.min(rest.byteLength, this.headLimit - this.headBytes);
      this.head.push(rest.slice(0, take));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.byteLength > 0 && this.tailLimit > 0) this.pushTail(rest);
    return this.streamDecoder.decode(chunk, { stream: true });
  }

  /**
   * Counts bytes that a source capping output itself dropped at this point (the supervisor sends
   * only head and tail): they make the output truncated but are never stored.
   */
  skip(bytes: number): void {
    this.totalBytes += bytes;
  }

  /** Text still held back by the streaming decoder (an incomplete character at the very end). */
  flush(): string {
    return this.streamDecoder.decode();
  }

  get truncated(): boolean {
    return this.totalBytes > this.headBytes + this.tailBytes;
  }

  get byteLength(): number {
    return this.totalBytes;
  }

  /** The kept output as text; a marker says how many bytes were dropped in the middle. */
  text(): string {
    const head = concat(this.head);
    if (!this.truncated) return this.decode(concat([head, concat(this.tail)]));
    const tail = concat(this.tail);
    const dropped = this.totalBytes - this.headBytes - this.tailBytes;
    const headText = this.decode(head.subarray(0, lastCharBoundary(head)));
    const tailText = this.decode(tail.subarray(firstCharBoundary(tail)));
    return `${headText}\n[llmsb: ${dropped} bytes of output truncated]\n${tailText}`;
  }

  private pushTail(bytes: Uint8Array): void {
    this.tail.push(bytes.slice());
    this.tailBytes += bytes.byteLength;
    while (this.tail.length > 0 && this.tailBytes - (this.tail[0]?.byteLength ?? 0) >= this.tailLimit) {
      this.tailBytes -= this.tail.shift()?.byteLength ?? 0;
    }
    const excess = this.tailBytes - this.tailLimit;
    const first = this.tail[0];
    if (excess > 0 && first) {
      this.tail[0] = first.slice(excess);
      this.tailBytes -= excess;
    }
  }

  private decode(bytes: Uint8Array): string {
    try {
      return new TextDecoder('utf-8', { fatal: this.encodingErrors === 'strict' }).decode(bytes);
    } catch (error) {
      throw new OutputDecodingError(
        "Output is not valid UTF-8 and encodingErrors is 'strict'. Use encodingErrors: 'replace' to get U+FFFD instead.",
        { cause: error },
      );
    }
  }
}

// --- Internal helpers ---

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  return Buffer.concat(chunks);
}

const isContinuation = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/** End offset that does not cut a UTF-8 character in half. */
function lastCharBoundary(bytes: Uint8Array): number {
  const end = bytes.byteLength;
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && isContinuation(bytes[end - back - 1])) back += 1;
  const lead = bytes[end - back - 1];
  if (lead === undefined || lead < 0xc0) return end;
  const needed = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
  return back >= needed ? end : end - back - 1;
}

/** Start offset that skips continuation bytes of a character cut at the front. */
function firstCharBoundary(bytes: Uint8Array): number {
  let start = 0;
  while (start < 3 && isContinuation(bytes[start])) start += 1;
  return start;
}
