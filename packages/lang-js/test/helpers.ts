import { createSession, PluginRegistry, type Session, type SessionOptions } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { javascript, nodeRecipe, typescript } from '@llmsb/lang-js';

/** Fails (never skips) when the shared Node image is missing. */
export async function requireNodeImage(): Promise<void> {
  const { docker } = await connectDocker();
  const image = recipeImageTag(nodeRecipe);
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build javascript\`.`);
}

export function open(lang: 'javascript' | 'typescript', options: Partial<SessionOptions> = {}): Promise<Session> {
  return createSession({ lang, ...options }, new PluginRegistry().use(dockerBackend(), javascript(), typescript()));
}

/** Command lines of the container's processes (the image has no ps). */
export const PROCESS_LISTING = `for d in /proc/[0-9]*; do tr '\\000' ' ' < $d/cmdline 2>/dev/null; echo; done`;
