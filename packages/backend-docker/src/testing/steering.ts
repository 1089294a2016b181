/** Test support for "installs the code cannot steer": a trap to point planted config at, and a planter. */
import { shellQuote, type Session } from '@llmsb/core';
import { serveDirectory } from './serve-directory.js';

export interface Trap {
  /** `http://host:port/`: every request to it is recorded and answered 404. */
  readonly url: string;
  /** Paths requested so far. */
  hits(): string[];
  close(): Promise<void>;
}

/** An HTTP server on `host` that serves nothing and records every request. */
export async function serveTrap(host: string): Promise<Trap> {
  const served = await serveDirectory('/nonexistent-llmsb-trap', host);
  return {
    url: served.url,
    hits: () => [...served.requested],
    close: () => new Promise((resolve) => served.server.close(() => resolve())),
  };
}

/**
 * Writes `files` (path → text, mode 755; replacing what is there) as the code's user, the way code in the sandbox could,
 * and returns `path ok` or `path denied` per file, one per line.
 */
export async function plantFiles(session: Session, files: Readonly<Record<string, string>>): Promise<string> {
  const script = Object.entries(files)
    .map(([path, text]) => {
      const p = shellQuote(path);
      return `rm -f ${p} 2>/dev/null; if mkdir -p "$(dirname ${p})" 2>/dev/null && printf '%s' ${shellQuote(text)} > ${p} 2>/dev/null && chmod 755 ${p}; then echo ${p} ok; else echo ${p} denied; fi`;
    })
    .join('\n');
  return (await session.executeCommand(script)).stdout;
}
