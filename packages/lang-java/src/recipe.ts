import { INSTALLER_USER, installerOwned, type ImageRecipe } from '@llmsb/core';

/** Maven's local repository in the image (the installer's), seeded with the plugin that installs libraries. */
export const MAVEN_REPOSITORY = '/opt/llmsb/m2';
/** Installed jars (the installer's): on the classpath of every compile and run. */
export const INSTALLED_JARS = '/opt/llmsb/java/jars';
/** Copies a pom's dependencies (with their transitive ones) into a folder of jars. */
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1';

const EMPTY_POM = '<project><modelVersion>4.0.0</modelVersion><groupId>llmsb</groupId><artifactId>seed</artifactId><version>0</version></project>';

/**
 * The Java image: Debian's OpenJDK 17 (the JVM trusts the image's CA through
 * ca-certificates-java) and Maven, with the dependency plugin fetched at build time so a
 * session's first install downloads only the libraries.
 */
export const javaRecipe: ImageRecipe = {
  repository: 'llmsb/java',
  aptPackages: ['openjdk-17-jdk-headless', 'ca-certificates-java', 'maven'],
  setup: [
    [
      `d=$(mktemp -d) && echo '${EMPTY_POM}' > "$d/pom.xml" && chown -R ${INSTALLER_USER}:${INSTALLER_USER} "$d"`,
      `install -d ${MAVEN_REPOSITORY} && chown ${INSTALLER_USER}:${INSTALLER_USER} ${MAVEN_REPOSITORY}`,
      `runuser -u ${INSTALLER_USER} -- mvn -B -q -f "$d/pom.xml" -Dmaven.repo.local=${MAVEN_REPOSITORY} ${DEPENDENCY_PLUGIN}:copy-dependencies -DoutputDirectory="$d/jars"`,
      'rm -rf "$d"',
      installerOwned(MAVEN_REPOSITORY, INSTALLED_JARS),
    ].join(' && '),
  ],
  env: { LANG: 'C.UTF-8' },
};
