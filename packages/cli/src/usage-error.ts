/** The command line itself was wrong (unknown flag, missing value): exit 125 and point at --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
