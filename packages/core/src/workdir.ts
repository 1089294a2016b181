import { z } from 'zod';

/**
 * System folders a session's workdir may be neither nor lie under: code files, copies and
 * `chmod`s land in the workdir, so one of these would let a session overwrite the image's own
 * programs and configuration. `/var/tmp` (and below) is the one exception, a scratch folder.
 */
export const SYSTEM_FOLDERS: readonly string[] = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var',
];
const SYSTEM_FOLDER_EXCEPTIONS: readonly string[] = ['/var/tmp'];

const isAtOrUnder = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);

/** A value for a message: as is when plainly printable, else JSON-quoted (spaces, quotes, control characters). */
export function shownValue(value: string): string {
  return /^[\x21-\x7e]+$/.test(value) && !/["'\\]/.test(value) ? value : JSON.stringify(value);
}

/**
 * Why `path` cannot be a session's workdir, or undefined when it can: it must be a normalised
 * absolute path (no `.`, `..` or empty components, no trailing `/`, no control characters) that
 * is not `/` and not at or under a system folder (`/var/tmp` and below excepted).
 */
export function workdirProblem(path: string): string | undefined {
  const shown = shownValue(path);
  if (path === '/') return 'workdir / is the root folder; use a folder of its own, e.g. /sandbox';
  const components = path.split('/').slice(1);
  const normalised =
    path.startsWith('/') &&
    !/[\x00-\x1f\x7f]/.test(path) &&
    components.every((component) => component !== '' && component !== '.' && component !== '..');
  if (!normalised) {
    return `workdir ${shown} is not a normalised absolute path (it must start with /, with no ., .. or empty components, no trailing / and no NUL, newline or other control characters)`;
  }
  if (SYSTEM_FOLDER_EXCEPTIONS.some((folder) => isAtOrUnder(path, folder))) return undefined;
  const folder = SYSTEM_FOLDERS.find((system) => isAtOrUnder(path, system));
  if (folder === undefined) return undefined;
  const where = path === folder ? `is ${folder}` : `is under ${folder}`;
  return `workdir ${shown} ${where}, a system folder; use e.g. /sandbox, /tmp/work, /home/<user>/work or /var/tmp/<name>`;
}

/** The `workdir` session option: a string that `workdirProblem` accepts. */
export const workdirSchema = z.string().superRefine((path, context) => {
  const problem = workdirProblem(path);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});
