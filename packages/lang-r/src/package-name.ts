/**
 * An R package name as `R CMD check` accepts it: ASCII letters, digits and dots, starting with a
 * letter, at least two characters, not ending in a dot. Nothing R or a shell would interpret.
 */
const PACKAGE = /^[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]$/;

export function isRPackageName(name: string): boolean {
  return name.length <= 200 && PACKAGE.test(name);
}
