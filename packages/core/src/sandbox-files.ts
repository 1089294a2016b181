import { ArchiveLimitError, CommandFailedError, SandboxFileNotFoundError, SecurityError, ValidationError } from './errors.js';
import { SYSTEM_PATH } from './kill-script.js';
import { shArgv } from './shell.js';
import type { ExecRequest, ExecResult, PathStat } from './types.js';

/** Single-file operations on the sandbox, as its unprivileged user; paths are absolute. */
export interface SandboxFiles {
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array, mode: number): Promise<void>;
  stat(path: string): Promise<PathStat>;
  listFiles(path: string, maxEntries: number): Promise<PathStat[]>;
  removeFile(path: string): Promise<void>;
}

type Exec = (request: ExecRequest) => Promise<ExecResult>;

/** Exit codes of the scripts below, each a typed error. */
const EXIT = { missing: 44, wrongType: 45, tooLarge: 46, denied: 47 } as const;

/** `type size mode mtime link name`, tab-separated, NUL-terminated (names may hold newlines). */
const PRINTF = `-printf '%y\\t%s\\t%m\\t%T@\\t%l\\t%f\\0'`;

/**
 * The file operations for backends without a supervisor: one small script per operation through
 * `exec`, with the system PATH (no tool the code planted runs). As with the supervisor, a write
 * to a symlink is refused (never followed), and a write that fails leaves nothing: it goes to a
 * new file in the same folder, renamed over the target once complete.
 */
export function filesOverExec(exec: Exec): SandboxFiles {
  const run = async (path: string, script: string, args: readonly string[], stdin?: Uint8Array): Promise<Buffer> => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const { exitCode } = await exec({
      argv: shArgv(`PATH=${SYSTEM_PATH}\n${script}`, path, ...args),
      ...(stdin ? { stdin } : {}),
      onStdout: (chunk) => stdout.push(Buffer.from(chunk)),
      onStderr: (chunk) => stderr.push(Buffer.from(chunk)),
    });
    if (exitCode === 0) return Buffer.concat(stdout);
    throw fileError(path, exitCode, Buffer.concat(stderr).toString().trim(), args[0]);
  };
  return {
    async readFile(path, maxBytes) {
      const script = `[ -e "$1" ] || exit ${EXIT.missing}; [ -f "$1" ] || exit ${EXIT.wrongType}; [ -r "$1" ] || exit ${EXIT.denied}
[ "$(wc -c < "$1")" -le "$2" ] || exit ${EXIT.tooLarge}; head -c "$(($2 + 1))" -- "$1"`;
      const data = await run(path, script, [String(maxBytes)]);
      if (data.byteLength > maxBytes) throw new ArchiveLimitError(path, 'maxArchiveBytes', maxBytes);
      return data;
    },
    async writeFile(path, data, mode) {
      const script = `d=$(dirname -- "$1"); [ -d "$d" ] || exit ${EXIT.missing}; ! [ -L "$1" ] || exit ${EXIT.denied}; ! [ -d "$1" ] || exit ${EXIT.wrongType}
t=$(mktemp -- "$d/.llmsb-write.XXXXXX" 2>/dev/null) || exit ${EXIT.denied}
if cat > "$t" && chmod "$2" "$t" && mv -f -T -- "$t" "$1"; then exit 0; fi; rm -f -- "$t"; exit 1`;
      await run(path, script, [mode.toString(8)], data);
    },
    async stat(path) {
      const entries = parseListing(await run(path, `[ -e "$1" ] || [ -L "$1" ] || exit ${EXIT.missing}; find "$1" -maxdepth 0 ${PRINTF}`, []));
      const entry = entries[0];
      if (!entry) throw new SandboxFileNotFoundError(path, 'sandbox');
      return entry;
    },
    async listFiles(path, maxEntries) {
      const script = `[ -e "$1" ] || exit ${EXIT.missing}; [ -d "$1" ] || exit ${EXIT.wrongType}; [ -r "$1" ] && [ -x "$1" ] || exit ${EXIT.denied}
find "$1" -mindepth 1 -maxdepth 1 ${PRINTF} | head -z -n "$(($2 + 1))"`;
      const entries = parseListing(await run(path, script, [String(maxEntries)]));
      if (entries.length > maxEntries) throw new ArchiveLimitError(path, 'maxArchiveEntries', maxEntries);
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async removeFile(path) {
      const script = `[ -e "$1" ] || [ -L "$1" ] || exit ${EXIT.missing}; ! [ -d "$1" ] || [ -L "$1" ] || exit ${EXIT.wrongType}
rm -f -- "$1" 2>/dev/null || exit ${EXIT.denied}`;
      await run(path, script, []);
    },
  };
}

// --- Internal helpers ---

function fileError(path: string, exitCode: number, stderr: string, limit: string | undefined): Error {
  switch (exitCode) {
    case EXIT.missing:
      return new SandboxFileNotFoundError(path, 'sandbox');
    case EXIT.wrongType:
      return new ValidationError(
        `${path} in the sandbox is not the kind of file this operation takes (a regular file to read, a directory to list, not a directory to write or remove).`,
      );
    case EXIT.tooLarge:
      return new ArchiveLimitError(path, 'maxArchiveBytes', Number(limit));
    case EXIT.denied:
      return new SecurityError(`Access to ${path} in the sandbox was denied to the sandbox user.`);
    default:
      return new CommandFailedError(`file operation on ${path}`, exitCode, stderr);
  }
}

const TYPES: Readonly<Record<string, PathStat['type']>> = { f: 'file', d: 'directory', l: 'symlink' };

function parseListing(output: Buffer): PathStat[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [type = '', size = '0', mode = '0', mtime = '0', link = '', ...name] = line.split('\t');
      return {
        name: name.join('\t'),
        type: TYPES[type] ?? 'other',
        size: Number(size),
        mode: Number.parseInt(mode, 8),
        mtime: new Date(Math.round(Number(mtime) * 1000)),
        ...(type === 'l' ? { linkTarget: link } : {}),
      };
    });
}
