import { shellQuote } from '@llmsb/core';
import { debianPackageFor } from './debian-packages.js';

export interface AptInstallOptions {
  /** Replaces the image's apt sources with `deb <aptMirror> <suite> main`. */
  readonly aptMirror?: string | undefined;
  readonly aptSuite: string;
}

/**
 * The root shell script installing Debian packages. Packages already installed are skipped, so
 * a library the image satisfies costs no network and no `apt-get update`; only the missing ones
 * reach apt, non-interactively and without recommends.
 */
export function aptInstallScript(libraries: readonly string[], options: AptInstallOptions): string {
  const packages = [...new Set(libraries.map(debianPackageFor))].map(shellQuote).join(' ');
  const sources = options.aptMirror
    ? [
        `printf 'deb %s %s main\\n' ${shellQuote(options.aptMirror)} ${shellQuote(options.aptSuite)} > /etc/apt/llmsb-mirror.list`,
        'mkdir -p /etc/apt/llmsb-mirror.d',
      ]
    : [];
  // No translations: they double what `apt-get update` downloads and nothing reads them.
  const aptOptions = ` -o Acquire::Languages=none${
    options.aptMirror ? ' -o Dir::Etc::SourceList=/etc/apt/llmsb-mirror.list -o Dir::Etc::SourceParts=/etc/apt/llmsb-mirror.d' : ''
  }`;
  return [
    'set -e',
    'missing=',
    `for p in ${packages}; do`,
    // `name=version` is checked by name; a pinned version that differs is apt's to settle.
    `  dpkg-query -W -f='\${Status}' "\${p%%=*}" 2>/dev/null | grep -q ' installed$' || missing="$missing $p"`,
    'done',
    '[ -n "$missing" ] || exit 0',
    ...sources,
    'export DEBIAN_FRONTEND=noninteractive',
    `apt-get${aptOptions} -q update`,
    `apt-get${aptOptions} -q install -y --no-install-recommends $missing`,
  ].join('\n');
}
