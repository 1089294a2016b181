import type { SandboxPlugin } from '@llmsb/core';
import { java } from './java.js';

export { java } from './java.js';
export type { JavaOptions } from './java.js';
export type { MavenOptions } from './maven.js';
export { isMavenCoordinates, JARS_DIR } from './maven.js';
export { javaRecipe, MAVEN_REPOSITORY } from './recipe.js';

/** The plugins string config (`lang: 'java'`) finds in this package. */
export function llmsbPlugins(): SandboxPlugin[] {
  return [java()];
}
