/**
 * A module path as `go get` takes it: a domain-like first element, then path elements, with an
 * optional `@version` (`@v1.2.3`, `@latest`, a commit). Nothing a shell or `go` would read as a
 * flag: no leading `-`, no spaces or quotes.
 */
const MODULE_QUERY =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:\/[A-Za-z0-9_~+-][A-Za-z0-9._~+-]*)*(?:@[A-Za-z0-9][A-Za-z0-9._+-]*)?$/;

export function isGoModulePath(name: string): boolean {
  return MODULE_QUERY.test(name) && !name.split('/').includes('..');
}
