/** A Debian package name (Debian policy 5.6.1), optionally pinned as `name=version`. */
const PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+~:-]+)?$/;

/**
 * Library names people write that are not Debian package names, mapped to the package that
 * provides them (the seed asks for `libstdc++`, which Debian ships as `libstdc++-12-dev`).
 */
const ALIASES: Readonly<Record<string, string>> = {
  'libstdc++': 'libstdc++-12-dev',
  'libstdc++6': 'libstdc++-12-dev',
  stdc: 'libc6-dev',
  libc: 'libc6-dev',
};

export function isDebianPackageName(name: string): boolean {
  // `x.deb` is a file to apt, never a name in its index.
  return PACKAGE.test(name) && !/\.deb$/.test(name);
}

/** The Debian package to install for a library name. */
export function debianPackageFor(name: string): string {
  return ALIASES[name] ?? name;
}
