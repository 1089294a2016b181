import type { Frame } from './frames.js';

/** An `ERROR` frame's payload. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  /** For `spawn`: 127 (not found) or 126 (not executable), as a shell would exit. */
  readonly exitCode?: number;
}

/** What the client routes a request's frames to, until it says the request is done. */
export interface RequestHandler {
  /** Handles one frame of this request; true when the request is complete. */
  frame(frame: Frame): boolean;
  /** The connection failed: the request can never complete. */
  fail(error: unknown): void;
}
