/**
 * A gem name as RubyGems accepts it (letters, digits, `.`, `-`, `_`, not starting with `-` so it
 * is never an option), optionally pinned as `name:version`. Nothing a shell would interpret, no
 * `.gem` file name or path.
 */
const GEM = /^[A-Za-z0-9_][A-Za-z0-9._-]*(?::[0-9][0-9A-Za-z.]*)?$/;

export function isGemName(name: string): boolean {
  // `x.gem` is a file name to `gem install`, never a name on the index.
  return name.length <= 200 && GEM.test(name) && !/\.gem$/i.test(name);
}
