import { ResourceError } from './errors.js';
import { installerStepEnvironment, INSTALLER_HOME } from './installer.js';
import { KILL_SCRIPT } from './kill-script.js';
import { isRootUser, ROOT_STEP_WORKDIR, rootStepEnvironment } from './root-step.js';
import type { ContainerAPI, ExecRequest, LanguageHandler } from './types.js';

export type InstallIdentity = Pick<ExecRequest, 'user' | 'env' | 'clearEnv' | 'workdir'>;

/**
 * Who an install runs as, with which environment, from where:
 * - a language that names root (apt) gets a root step: fixed environment, from `/`;
 * - else the sandbox's installer identity, from its own home, with a PATH of root-owned folders
 *   and its own HOME, so no file the code wrote (config, `.pth`, binaries) is read or run;
 * - else (an image without one) the code's user from the workdir, as the code itself could.
 * `env` is the session's (the caller's settings, never the sandbox's).
 */
export function installIdentity(container: ContainerAPI, language: LanguageHandler, env: Readonly<Record<string, string>>): InstallIdentity {
  if (language.installUser && isRootUser(language.installUser)) {
    return { user: language.installUser, env: rootStepEnvironment(), clearEnv: true, workdir: ROOT_STEP_WORKDIR };
  }
  if (language.installUser) return { user: language.installUser, env };
  if (container.installUser) return { user: container.installUser, env: installerStepEnvironment(env), workdir: INSTALLER_HOME };
  return { env };
}

/**
 * Kills every process the installer left behind (a daemon started by an install script), so none
 * outlives the install to write into the targets later or wait for the network to come back.
 * Under the supervisor nothing outlives a call anyway; this is the engine-exec path's guarantee.
 */
export async function endInstallerProcesses(container: ContainerAPI, identity: InstallIdentity): Promise<void> {
  if (!identity.user || isRootUser(identity.user) || identity.user !== container.installUser) return;
  const { exitCode } = await container.exec({ argv: ['/bin/sh', '-c', KILL_SCRIPT, 'llmsb', 'installer', 'all'], user: identity.user, workdir: '/' });
  if (exitCode !== 0) throw new ResourceError(`Processes of the installer (${identity.user}) survived the kill after an install.`);
}
