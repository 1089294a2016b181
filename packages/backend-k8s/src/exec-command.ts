import { EXEC_MARKER_VARIABLE, shellQuote, SYSTEM_PATH, ValidationError, type ExecRequest, type StartFailureSignature } from '@llmsb/core';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORKDIR_FAILURE = 'llmsb: cannot enter the working directory';

/** The prologue's report of a working directory it cannot enter, for `StartFailureGuard`. */
export const POD_START_FAILURES: readonly StartFailureSignature[] = [
  {
    stream: 'stderr',
    pattern: new RegExp(`^${WORKDIR_FAILURE} `),
    describe: (request) => `Working directory ${request.workdir ?? ''} is not a directory the sandbox user can enter.`,
  },
];

/**
 * The argv sent over pods/exec. Kubernetes exec has no environment or working directory, so a
 * `sh` prologue sets both (with the kill marker) and then runs the request's argv unchanged.
 * Given stdin, the process reads it through `head -c N`: its end of input then does not depend
 * on the protocol — v4 servers cannot half-close stdin, and client-node closes the whole socket
 * (losing the exit status) if it tries.
 */
export function execArgv(request: ExecRequest, marker: string, workdir: string, stdinBytes: number | undefined): string[] {
  const env = { ...request.env, [EXEC_MARKER_VARIABLE]: marker };
  const exports = Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) throw new ValidationError(`Invalid environment variable name: ${JSON.stringify(name)}.`);
    return `export ${name}=${shellQuote(value)}`;
  });
  const run = stdinBytes === undefined ? 'exec "$@"' : `PATH=${SYSTEM_PATH} head -c ${stdinBytes} | "$@"`;
  const script = `cd -- "$1" 2>/dev/null || { echo "${WORKDIR_FAILURE} $1" >&2; exit 126; }; shift; ${exports.join('; ')}; ${run}`;
  return ['/bin/sh', '-c', script, 'llmsb', request.workdir ?? workdir, ...request.argv];
}
