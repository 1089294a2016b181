/**
 * Errors thrown by the policy package. It is a leaf (zod only), so it cannot extend core's
 * `SandboxError`; instead each error carries the `llmsb.error` brand, which core's `SandboxError`
 * recognises in `instanceof`, and `@llmsb/core` re-exports these same classes. So
 * `error instanceof InvalidRegexPatternError` works whichever package it was imported from, and
 * `error instanceof SandboxError` holds too.
 */
export const LLMSB_ERROR_BRAND: unique symbol = Symbol.for('llmsb.error');

export abstract class SecurityPolicyError extends Error {
  abstract readonly code: 'LLMSB_INVALID_REGEX_PATTERN' | 'LLMSB_VALIDATION_ERROR';
  readonly [LLMSB_ERROR_BRAND] = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * The code without its `LLMSB_` prefix, as it was before the prefix.
   * @deprecated Use `code`; this alias goes in the next release.
   */
  get legacyCode(): 'INVALID_REGEX_PATTERN' | 'VALIDATION_ERROR' {
    return this.code === 'LLMSB_INVALID_REGEX_PATTERN' ? 'INVALID_REGEX_PATTERN' : 'VALIDATION_ERROR';
  }
}

/** A pattern's regular expression does not compile (JavaScript syntax, `m` flag). */
export class InvalidRegexPatternError extends SecurityPolicyError {
  readonly code = 'LLMSB_INVALID_REGEX_PATTERN';
  constructor(
    readonly pattern: string,
    cause?: unknown,
  ) {
    super(`Invalid regex pattern: ${pattern} (${describe(cause)}). Fix the pattern's syntax; it is a JavaScript regular expression.`, { cause });
  }
}

/** Policy data that does not fit the model; the message names each field. */
export class InvalidSecurityPolicyError extends SecurityPolicyError {
  readonly code = 'LLMSB_VALIDATION_ERROR';
}

/** `getSecurityPolicy` was given a name that is not a preset. */
export class UnknownSecurityPresetError extends SecurityPolicyError {
  readonly code = 'LLMSB_VALIDATION_ERROR';
  constructor(
    readonly preset: string,
    readonly available: readonly string[],
  ) {
    super(`Unknown security preset "${preset}". Available presets: ${available.join(', ')}.`);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
