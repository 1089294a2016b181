/** Thrown by `createSecurityPattern` when the regex does not compile. */
export class InvalidPatternSyntaxError extends Error {
  readonly code = 'INVALID_REGEX_PATTERN';
  constructor(
    readonly pattern: string,
    cause: unknown,
  ) {
    super(`Invalid regex pattern: ${pattern}. Fix the pattern's syntax.`, { cause });
    this.name = 'InvalidRegexPatternError';
  }
}
