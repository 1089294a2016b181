import { buildLanguageImage, connectDocker, dockerBackend } from '@llmsb/backend-docker';
import { k8sBackend } from '@llmsb/backend-k8s';
import { micromambaBackend } from '@llmsb/backend-micromamba';
import { podmanBackend } from '@llmsb/backend-podman';
import { createSession, ImageNotFoundError, PluginRegistry, type LanguageHandler, type Session, type SessionOptions } from '@llmsb/core';
import { LANGUAGES } from './languages.js';
import { progress } from './progress.js';
import { progressBoard } from './progress-board.js';

/** Every plugin the CLI knows, registered explicitly (no lazy imports by name). */
export function cliRegistry(): PluginRegistry {
  return new PluginRegistry().use(dockerBackend(), podmanBackend(), micromambaBackend(), k8sBackend(), ...LANGUAGES);
}

/** Backends `llmsb run --backend` accepts. */
export const CLI_BACKENDS = ['docker', 'podman', 'micromamba', 'kubernetes'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

/**
 * Opens a session. On Docker, when the language's own image is missing it is built once (progress
 * on stderr) and the open retried; an image the user named is never built for them. Other
 * backends report the missing image with how to get it.
 */
export async function openSession(
  language: LanguageHandler,
  options: Omit<SessionOptions, 'lang' | 'backend'>,
  backend: CliBackend = 'docker',
  registry: PluginRegistry = cliRegistry(),
): Promise<Session> {
  const full: SessionOptions = { ...options, lang: language, backend };
  try {
    return await createSession(full, registry);
  } catch (error) {
    if (!(error instanceof ImageNotFoundError) || options.image !== undefined || backend !== 'docker') throw error;
    progress(`image ${error.image} is missing; building it (later runs reuse it)`);
    const { docker } = await connectDocker();
    const board = progressBoard();
    try {
      await buildLanguageImage(docker, language.imageRecipe, { onProgress: (line) => board.update(language.name, line) });
      board.finish(language.name, `built ${error.image}`);
    } finally {
      board.close();
    }
    return createSession(full, registry);
  }
}
