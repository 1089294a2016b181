import { ValidationError } from '@llmsb/core';
import { DEPENDENCY_PLUGIN, INSTALLED_JARS, MAVEN_REPOSITORY } from './recipe.js';

/** Options of the Java plugin. */
export interface MavenOptions {
  /** Maven repository (mirror of everything, e.g. Artifactory or Nexus) for `libraries` / `install()`. Default: Maven's. */
  readonly repositoryUrl?: string;
}

/** Folder of the workdir whose jars are on the classpath of every compile and run (foreign images). */
export const JARS_DIR = '.llmsb/jars';

/** `group:artifact:version`; each part from Maven's own character set, nothing a shell or XML would interpret. */
const COORDINATES = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+$/;

export function isMavenCoordinates(name: string): boolean {
  return name.length <= 300 && COORDINATES.test(name);
}

const xml = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * Checks a repository URL at construction, so a bad option fails before any session opens: a
 * `ValidationError` naming `repositoryUrl` and the value when it is not an http(s) URL.
 */
export function checkRepositoryUrl(url: string): string {
  const bad = (why: string): ValidationError =>
    new ValidationError(`java option repositoryUrl ${describe(url)} ${why}; give the http(s) URL of a Maven repository.`);
  if (typeof url !== 'string') throw bad('is not a string');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw bad(`has protocol ${parsed.protocol}, not http(s)`);
  return parsed.href;
}

/** A bad option's value for an error message: strings quoted, anything else as best it prints. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

function pom(libraries: readonly string[]): string {
  const dependencies = libraries.map((library) => {
    const [groupId, artifactId, version] = library.split(':');
    return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  });
  return `<project><modelVersion>4.0.0</modelVersion><groupId>llmsb</groupId><artifactId>session</artifactId><version>0</version><dependencies>${dependencies.join('')}</dependencies></project>`;
}

/** The only settings Maven reads (`-s`): a mirror of everything when the caller gave a repository. */
function settings(repositoryUrl: string | undefined): string {
  const mirror = repositoryUrl
    ? `<mirrors><mirror><id>llmsb-mirror</id><mirrorOf>*</mirrorOf><url>${xml(repositoryUrl)}</url></mirror></mirrors>`
    : '';
  return `<settings>${mirror}</settings>`;
}

/**
 * Resolves the coordinates (and what they depend on) with Maven and copies the jars onto the
 * classpath of later compiles and runs. In an llmsb image, as the installer: its repository, the
 * image's `INSTALLED_JARS`, a project folder under its HOME (so no `.mvn/` folder the code made
 * is found walking up from it), the settings pinned with `-s` and no `mavenrc` read. In a foreign
 * image, as the code's user, into the workdir's `.llmsb/jars` with a repository there.
 */
export function mavenInstallCommand(libraries: readonly string[], repositoryUrl: string | undefined): string {
  return [
    'set -e',
    `if [ -w ${INSTALLED_JARS} ]; then d="$HOME/.llmsb-maven"; r=${MAVEN_REPOSITORY}; jars=${INSTALLED_JARS}`,
    `else w=$PWD; d="$w/.llmsb/maven"; r="$w/.llmsb/m2"; jars="$w/${JARS_DIR}"; fi`,
    'rm -rf "$d"; mkdir -p "$d" "$jars"',
    `cat > "$d/pom.xml" <<'LLMSB_EOF'\n${pom(libraries)}\nLLMSB_EOF`,
    `cat > "$d/settings.xml" <<'LLMSB_EOF'\n${settings(repositoryUrl)}\nLLMSB_EOF`,
    'cd "$d"',
    `MAVEN_SKIP_RC=1 MAVEN_BASEDIR="$d" mvn -B -q -f "$d/pom.xml" -s "$d/settings.xml" -Dmaven.repo.local="$r" ` +
      `${DEPENDENCY_PLUGIN}:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$jars"`,
    'rm -rf "$d"',
  ].join('\n');
}
