/**
 * PATH of root steps: Debian's default for root. Every folder on it is root-owned in the images
 * llmsb builds (the code's own folders, like the Python venv, are not on it); `/usr/local` is
 * kept because tools such as micromamba live there.
 */
export const ROOT_STEP_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Whether a user name or `uid[:gid]` is root. */
export function isRootUser(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:');
}

/**
 * The environment of a step that runs as root (an apt install, a `user: 'root'` command): fixed
 * and clean, so nothing the sandboxed code could set up — a PATH through a folder it owns, a
 * HOME with its own config files — steers what runs with privileges. `extra` is the caller's own.
 */
export function rootStepEnvironment(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { PATH: ROOT_STEP_PATH, HOME: '/root', ...extra };
}

/** Root steps start in `/`, a directory the code does not own. */
export const ROOT_STEP_WORKDIR = '/';
