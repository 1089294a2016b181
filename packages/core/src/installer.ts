import { ROOT_STEP_PATH } from './root-step.js';

/**
 * The identity installs run as in llmsb's images. It owns every install target (the Python
 * venv, npm's prefix, the Go module and its cache, the Maven repository, the R library, the gem
 * home); the code's user can read them but not write them, so nothing the code plants there can
 * steer or ride along with a later install. Images name it in the `llmsb.installer` label.
 */
export const INSTALLER_USER = 'llmsb-installer';
/** Its uid, and the gid of its group. */
export const INSTALLER_UID = 1001;

/** The installer's home: its caches and scratch folders. Neither it nor its parents are the code's. */
export const INSTALLER_HOME = '/opt/llmsb/installer';

/** Image label naming the installer identity; absent in images not built by llmsb. */
export const INSTALLER_LABEL = 'llmsb.installer';

/**
 * Environment of an install run as the installer: a PATH of root-owned folders only (the code
 * cannot shadow `pip` or `npm`) and the installer's own HOME (no config file the code wrote).
 * `extra` comes from the library's caller, never from the sandbox.
 */
export function installerStepEnvironment(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...extra, PATH: ROOT_STEP_PATH, HOME: INSTALLER_HOME };
}

/**
 * A recipe's shell step handing folders to the installer: created when missing, owned by it,
 * group-writable and setgid for its group. Where one uid runs everything (Kubernetes pods, which
 * cannot switch identity), the pod joins that group and installs still work.
 */
export function installerOwned(...paths: readonly string[]): string {
  const list = paths.join(' ');
  return [
    `install -d ${list}`,
    `chown -R ${INSTALLER_USER}:${INSTALLER_USER} ${list}`,
    `chmod -R g+w ${list}`,
    `find ${list} -type d -exec chmod g+s {} +`,
  ].join(' && ');
}
