import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeJson, encodeFrame, encodeJsonFrame, FrameDecoder, FrameType, MAX_PAYLOAD, ProtocolError } from './frames.js';

describe('supervisor frames', () => {
  it('round-trip a JSON and a data frame', () => {
    const bytes = Buffer.concat([encodeJsonFrame(FrameType.EXEC, 7, { argv: ['echo'] }), encodeFrame(FrameType.STDOUT, 7, Buffer.from('hi'))]);
    const frames = new FrameDecoder().push(bytes);
    expect(frames.map((f) => [f.type, f.id])).toEqual([
      [FrameType.EXEC, 7],
      [FrameType.STDOUT, 7],
    ]);
    expect(decodeJson(frames[0]!)).toEqual({ argv: ['echo'] });
    expect(Buffer.from(frames[1]!.payload).toString()).toBe('hi');
  });

  it('reassemble frames split at every byte boundary', () => {
    const bytes = Buffer.concat([encodeFrame(FrameType.STDERR, 1, randomBytes(300)), encodeFrame(FrameType.PONG, 0xffffffff)]);
    for (let cut = 0; cut <= bytes.byteLength; cut += 1) {
      const decoder = new FrameDecoder();
      const frames = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
      expect(frames.map((f) => f.id)).toEqual([1, 0xffffffff]);
      expect(decoder.buffered).toBe(0);
    }
  });

  it('refuse lengths out of bounds and unknown types', () => {
    const tooShort = Buffer.from([0, 0, 0, 4, 0x83, 0, 0, 0]);
    expect(() => new FrameDecoder().push(tooShort)).toThrow(ProtocolError);
    const tooLong = Buffer.alloc(4);
    tooLong.writeUInt32BE(5 + MAX_PAYLOAD + 1);
    expect(() => new FrameDecoder().push(tooLong)).toThrow(ProtocolError);
    expect(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 5, 0x7e, 0, 0, 0, 1]))).toThrow(/unknown frame type/);
    expect(() => encodeFrame(FrameType.STDIN, 1, new Uint8Array(MAX_PAYLOAD + 1))).toThrow(ProtocolError);
  });

  it('refuse a JSON payload that is not an object', () => {
    const [frame] = new FrameDecoder().push(encodeFrame(FrameType.EXIT, 1, Buffer.from('[1]')));
    expect(() => decodeJson(frame!)).toThrow(ProtocolError);
  });

  it('never throw anything but ProtocolError on random input (fuzz, 2,000 cases)', () => {
    for (let round = 0; round < 2000; round += 1) {
      const decoder = new FrameDecoder();
      const noise = randomBytes(4 + (round % 64));
      // Half the cases start with a plausible length so the type and body paths are reached.
      if (round % 2 === 0) noise.writeUInt32BE(5 + (round % 40), 0);
      else if (round % 4 === 1) noise[0] = 0;
      try {
        for (const frame of decoder.push(noise)) {
          if (frame.payload.byteLength > 0 && (frame.type === FrameType.EXIT || frame.type === FrameType.ERROR)) {
            try {
              decodeJson(frame);
            } catch (error) {
              expect(error).toBeInstanceOf(ProtocolError);
            }
          }
        }
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
      }
    }
  });
});
