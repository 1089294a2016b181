import { ValidationError } from './errors.js';
import type { ExecRequest } from './types.js';

/** How an engine reports an exec it could not start: exit 126 and a message as the first output. */
export interface StartFailureSignature {
  readonly stream: 'stdout' | 'stderr';
  /** Matches the message; its first group (if any) is a short reason. */
  readonly pattern: RegExp;
  readonly describe: (request: ExecRequest, message: string) => string;
}

/** Docker's messages for an unknown user and a missing or unusable working directory. */
export const ENGINE_START_FAILURES: readonly StartFailureSignature[] = [
  {
    stream: 'stdout',
    pattern: /^unable to find user [^\n]*/,
    describe: (request) => `User "${request.user ?? ''}" does not exist in the sandbox. Use a user name or uid[:gid] from the image.`,
  },
  {
    stream: 'stdout',
    pattern: /^OCI runtime exec failed: [^\n]*chdir to cwd[^\n]*/,
    describe: (request, message) => `Working directory ${request.workdir ?? ''} is not a directory the sandbox user can enter (${message.trim()}).`,
  },
];

/**
 * Turns an exec that never started — unknown user, missing working directory — into a
 * `ValidationError` instead of an exit-126 result, as the supervisor does. The first output chunk
 * is held back only when it looks like such a message, and passed on if the process did run.
 */
export class StartFailureGuard {
  private held: { stream: 'stdout' | 'stderr'; chunk: Uint8Array; signature: StartFailureSignature } | undefined;
  private seen = false;

  constructor(
    private readonly request: ExecRequest,
    private readonly signatures: readonly StartFailureSignature[],
  ) {}

  readonly onStdout = (chunk: Uint8Array): void => this.receive('stdout', chunk);
  readonly onStderr = (chunk: Uint8Array): void => this.receive('stderr', chunk);

  /** Call with the exit code: throws the typed error, or releases what was held. */
  settle(exitCode: number): void {
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    if (exitCode === 126) throw new ValidationError(held.signature.describe(this.request, Buffer.from(held.chunk).toString()));
    this.forward(held.stream, held.chunk);
  }

  private receive(stream: 'stdout' | 'stderr', chunk: Uint8Array): void {
    if (!this.seen) {
      this.seen = true;
      const text = Buffer.from(chunk).toString();
      const signature = this.signatures.find((candidate) => candidate.stream === stream && candidate.pattern.test(text));
      if (signature) {
        this.held = { stream, chunk, signature };
        return;
      }
    }
    if (this.held) {
      const held = this.held;
      this.held = undefined;
      this.forward(held.stream, held.chunk);
    }
    this.forward(stream, chunk);
  }

  private forward(stream: 'stdout' | 'stderr', chunk: Uint8Array): void {
    (stream === 'stdout' ? this.request.onStdout : this.request.onStderr)?.(chunk);
  }
}
