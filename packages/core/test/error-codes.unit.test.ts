import { describe, expect, it } from 'vitest';
import * as core from '@llmsb/core';
import { hasErrorCode, InvalidRegexPatternError, SandboxError, SandboxTimeoutError, ValidationError } from '@llmsb/core';

/**
 * An instance of every SandboxError class core exports, built with placeholder arguments (only
 * `code` is read). The supervisor wire's ProtocolError is none: a session reports it as a ContainerError.
 */
type ErrorClass = new (...args: unknown[]) => Error;
const sandboxErrors = (Object.values(core) as unknown[])
  .filter((value): value is ErrorClass => typeof value === 'function' && value.prototype instanceof Error)
  .map((ErrorClass) => new ErrorClass('x', ['y']))
  .filter((error): error is SandboxError => error instanceof SandboxError);

describe('error codes', () => {
  it('all start with the one LLMSB_ prefix', () => {
    expect(sandboxErrors.length).toBeGreaterThan(20);
    for (const error of sandboxErrors) expect(error.code, error.name).toMatch(/^LLMSB_[A-Z_]+$/);
  });

  it('keep the old unprefixed codes as aliases for one release: legacyCode and hasErrorCode', () => {
    const timeout = new SandboxTimeoutError('timed out', { timeoutMs: 1_500 });
    expect(timeout.code).toBe('LLMSB_SANDBOX_TIMEOUT');
    expect(timeout.legacyCode).toBe('SANDBOX_TIMEOUT');
    expect(hasErrorCode(timeout, 'LLMSB_SANDBOX_TIMEOUT')).toBe(true);
    expect(hasErrorCode(timeout, 'SANDBOX_TIMEOUT')).toBe(true);
    expect(hasErrorCode(timeout, 'CONTAINER_ERROR')).toBe(false);
    expect(hasErrorCode(new Error('plain'), 'SANDBOX_ERROR')).toBe(false);
  });

  it("cover the security package's errors too", () => {
    const error = new InvalidRegexPatternError('(');
    expect(error.code).toBe('LLMSB_INVALID_REGEX_PATTERN');
    expect(error.legacyCode).toBe('INVALID_REGEX_PATTERN');
    expect(hasErrorCode(error, 'INVALID_REGEX_PATTERN')).toBe(true);
    expect(hasErrorCode(new ValidationError('bad'), 'VALIDATION_ERROR')).toBe(true);
  });
});
