import { scannerSyntaxes, shellQuote, ValidationError, type LanguageHandler } from '@llmsb/core';
import { checkRepositoryUrl, isMavenCoordinates, JARS_DIR, mavenInstallCommand, type MavenOptions } from './maven.js';
import { INSTALLED_JARS, javaRecipe } from './recipe.js';

export type JavaOptions = MavenOptions;

/** Per-run build folder in the workdir; the compile step starts it afresh, the run step removes it. */
const BUILD = '.llmsb/build';
const CLASSPATH = `"${BUILD}/classes:${INSTALLED_JARS}/*:${JARS_DIR}/*"`;

const MODIFIERS = '((public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)[[:space:]]+)*';
const TYPE = '(class|interface|enum|record)[[:space:]]+([A-Za-z_$][A-Za-z0-9_$]*)';
/** `sed -n -E` scripts printing the first match: the package, the top-level public type, the first type. */
const PACKAGE = `/^[[:space:]]*package[[:space:]]+[A-Za-z0-9_.$]+[[:space:]]*;/{s/^[[:space:]]*package[[:space:]]+([A-Za-z0-9_.$]+).*/\\1/p;q;}`;
const PUBLIC_TYPE = `/^${MODIFIERS}public[[:space:]]+${MODIFIERS}${TYPE}/{s/^${MODIFIERS}public[[:space:]]+${MODIFIERS}${TYPE}.*/\\6/p;q;}`;
const FIRST_TYPE = `/^[[:space:]]*${MODIFIERS}${TYPE}/{s/^[[:space:]]*${MODIFIERS}${TYPE}.*/\\4/p;q;}`;

/**
 * javac insists that a public class lives in a file of its name, so the source is copied under
 * that name; the class to run is that public class, else the first one declared (as in Java's
 * own single-file launch), with its package.
 */
function compileCommand(file: string): string {
  const f = shellQuote(file);
  return [
    `w=$PWD; b=${BUILD}; rm -rf "$b" && mkdir -p "$b/classes" &&`,
    `p=$(sed -n -E '${PACKAGE}' ${f}) && t=$(sed -n -E '${PUBLIC_TYPE}' ${f}) && m=$(sed -n -E '${FIRST_TYPE}' ${f}) &&`,
    `n=\${t:-\${m:-Main}} && cp ${f} "$b/$n.java" && printf '%s\\n' "\${p:+$p.}\${t:-$m}" > "$b/main" &&`,
    // From inside the build folder, so messages name "Main.java:4", not the build path.
    `(cd "$b" && javac -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -encoding UTF-8 -d classes -cp "classes:${INSTALLED_JARS}/*:$w/${JARS_DIR}/*" "$n.java")`,
    'rc=$?; [ $rc -eq 0 ] || rm -rf "$b"; (exit $rc)',
  ].join('\n');
}

const RUN = [
  `b=${BUILD}; read -r m < "$b/main"`,
  `if [ -n "$m" ]; then java -cp ${CLASSPATH} "$m"; else echo 'error: no class to run; declare a class with a main method' >&2; (exit 1); fi`,
  'rc=$?; rm -rf "$b"; (exit $rc)',
].join('\n');

/**
 * Java 17: a single source file is compiled, then run, as two steps (`failedStep` says which
 * failed); its public class need not be named like the file. Maven coordinates
 * (`group:artifact:version`) install from Maven Central (or `repositoryUrl`) onto the classpath.
 */
export function java(options: JavaOptions = {}): LanguageHandler {
  if (typeof options !== 'object' || options === null) throw new ValidationError(`java options must be an object, got ${String(options)}.`);
  const repositoryUrl = options.repositoryUrl === undefined ? undefined : checkRepositoryUrl(options.repositoryUrl);
  return {
    kind: 'language',
    name: 'java',
    fileExtension: 'java',
    imageRecipe: javaRecipe,
    env: { LANG: 'C.UTF-8' },
    runCommands: (file) => [compileCommand(file), RUN],
    runStepNames: ['compile', 'run'],
    installCommand: (libraries) => mavenInstallCommand(libraries, repositoryUrl),
    validateLibraryName: isMavenCoordinates,
    // Comments, text blocks, `import`/`import static` and fully qualified names: see @llmsb/security.
    scanner: scannerSyntaxes.java,
  };
}
