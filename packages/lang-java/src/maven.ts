import { DEPENDENCY_PLUGIN, MAVEN_REPOSITORY } from './recipe.js';

/** Options of the Java plugin. */
export interface MavenOptions {
  /** Maven repository (mirror of everything, e.g. Artifactory or Nexus) for `libraries` / `install()`. Default: Maven's. */
  readonly repositoryUrl?: string;
}

/** Folder of the workdir whose jars are on the classpath of every compile and run. */
export const JARS_DIR = '.llmsb/jars';

/** `group:artifact:version`; each part from Maven's own character set, nothing a shell or XML would interpret. */
const COORDINATES = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+$/;

export function isMavenCoordinates(name: string): boolean {
  return name.length <= 300 && COORDINATES.test(name);
}

const xml = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Checks a repository URL at construction, so a bad option fails before any session opens. */
export function checkRepositoryUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`Maven repository URL must be http(s), got ${JSON.stringify(url)}.`);
  }
  return parsed.href;
}

function pom(libraries: readonly string[]): string {
  const dependencies = libraries.map((library) => {
    const [groupId, artifactId, version] = library.split(':');
    return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  });
  return `<project><modelVersion>4.0.0</modelVersion><groupId>llmsb</groupId><artifactId>session</artifactId><version>0</version><dependencies>${dependencies.join('')}</dependencies></project>`;
}

function settings(repositoryUrl: string): string {
  return `<settings><mirrors><mirror><id>llmsb-mirror</id><mirrorOf>*</mirrorOf><url>${xml(repositoryUrl)}</url></mirror></mirrors></settings>`;
}

/**
 * Resolves the coordinates (and what they depend on) with Maven and copies the jars into the
 * workdir's `.llmsb/jars`, which later compiles and runs put on the classpath. Uses the image's
 * seeded local repository when writable, else one in the workdir (attached or read-only sandboxes).
 */
export function mavenInstallCommand(libraries: readonly string[], repositoryUrl: string | undefined): string {
  return [
    'set -e',
    `w=$PWD; d="$w/.llmsb/maven"; mkdir -p "$d" "$w/${JARS_DIR}"`,
    `r=${MAVEN_REPOSITORY}; [ -w "$r" ] || r="$w/.llmsb/m2"`,
    `cat > "$d/pom.xml" <<'LLMSB_EOF'\n${pom(libraries)}\nLLMSB_EOF`,
    ...(repositoryUrl ? [`cat > "$d/settings.xml" <<'LLMSB_EOF'\n${settings(repositoryUrl)}\nLLMSB_EOF`] : []),
    `mvn -B -q -f "$d/pom.xml" -Dmaven.repo.local="$r"${repositoryUrl ? ' -s "$d/settings.xml"' : ''} ` +
      `${DEPENDENCY_PLUGIN}:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$w/${JARS_DIR}"`,
  ].join('\n');
}
