import type { ResourceUsage } from '../results.js';

/**
 * The line protocol between the library and the kernel bridge (python-bridge.ts), one JSON
 * object per line over the resident's stdin and stdout.
 *
 * Library → bridge: `{op: 'start'}`, `{op: 'execute', id, code, maxOutputBytes}`,
 * `{op: 'interrupt'}`, `{op: 'restart'}`. Bridge → library: the messages below; `id` is the
 * cell's, and the bridge forwards only kernel messages whose parent is that cell's request.
 */
export type BridgeMessage =
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'stream'; readonly id: number; readonly name: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'result'; readonly id: number; readonly kind: string; readonly data: Record<string, unknown> }
  | { readonly type: 'error'; readonly id: number; readonly name: string; readonly value: string; readonly traceback: readonly string[] }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly status: 'ok' | 'error' | 'died';
      readonly executionCount: number | null;
      readonly dropped: { readonly stdout: number; readonly stderr: number };
      readonly tails: { readonly stdout: string; readonly stderr: string };
      readonly resultsDropped: number;
      /** The kernel's CPU and peak memory over the cell, read by the bridge from /proc; null if the kernel died. */
      readonly usage?: ResourceUsage | null;
    };

export type BridgeOp =
  | { readonly op: 'start' | 'interrupt' | 'restart' }
  | { readonly op: 'execute'; readonly id: number; readonly code: string; readonly maxOutputBytes: number };

/** Parses one line; anything that is not an object with a known `type` is dropped (null). */
export function parseBridgeLine(line: string): BridgeMessage | null {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const type = (value as { type?: unknown }).type;
    return type === 'ready' || type === 'stream' || type === 'result' || type === 'error' || type === 'done' ? (value as BridgeMessage) : null;
  } catch {
    return null;
  }
}
