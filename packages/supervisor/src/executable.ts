import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `path` if it can be executed, else an executable copy. Some package managers drop the execute
 * bit when they pack (pnpm does), and a bind-mounted binary without it cannot start. The binary
 * is made executable in place when this user owns it, else copied into a cache folder only this
 * user can write (`$XDG_CACHE_HOME/llmsb` or `~/.cache/llmsb`), named by version and size.
 */
export function executableBinary(path: string, name: string): string {
  const stats = statSync(path);
  if ((stats.mode & 0o111) === 0o111) return path;
  try {
    chmodSync(path, 0o755);
    return path;
  } catch {
    const folder = join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'llmsb');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const copy = join(folder, `${name}-${stats.size}`);
    if (!existsSync(copy) || statSync(copy).size !== stats.size) {
      const partial = `${copy}.${process.pid}.partial`;
      copyFileSync(path, partial);
      chmodSync(partial, 0o755);
      renameSync(partial, copy);
    }
    return copy;
  }
}
