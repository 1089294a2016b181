import { shellQuote } from '@llmsb/core';

/** PEP 508 name with optional extras and version constraints; nothing a shell would interpret. */
const REQUIREMENT =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,-]+\])?(?:(?:===|==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!_-]+(?:,(?:===|==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!_-]+)*)?$/;

/** What pip would take as a local archive rather than a name on the index. */
const ARCHIVE_NAME = /\.(?:whl|zip|tar|tgz|tbz|txz|tar\.gz|tar\.bz2|tar\.xz)$/i;

/**
 * A requirement from the package index: a name with optional extras and version constraints.
 * Paths, URLs, `name @ url`, VCS links and archive file names are refused: pip would fetch them
 * from wherever they point, or read them from the disk.
 */
export function isRequirement(name: string): boolean {
  return name.length <= 200 && REQUIREMENT.test(name) && !ARCHIVE_NAME.test(name.replace(/[<>=!~].*$/, ''));
}

/**
 * pip reading nothing the code could have written: the interpreter isolated (`-I`: no user site,
 * no `PYTHON*` variables, no script folder on `sys.path`), pip isolated (`--isolated`: no user
 * config, no `PIP_*` variables) with `PIP_CONFIG_FILE=/dev/null`, the cache under the installer's
 * HOME, and what the library configures (index, CA bundle) passed as flags.
 *
 * Where: the environment of the `python3` on PATH (a venv, or a conda environment); else the
 * image's venv named by `VIRTUAL_ENV` (the installer's PATH holds only root-owned folders, so it
 * finds the system `python3` first); else, in a foreign image's system Python, the user's site.
 */
export function pipInstallCommand(libraries: readonly string[], indexFlags: readonly string[]): string {
  const flags = ['--isolated', '--no-input', '--disable-pip-version-check', ...indexFlags].map(shellQuote).join(' ');
  const pip = `PIP_CONFIG_FILE=/dev/null "$py" -I -m pip install ${flags} --cache-dir "$HOME/.cache/pip" \${PIP_CERT:+--cert "$PIP_CERT"}`;
  const inVenv = `-I -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'`;
  const names = libraries.map(shellQuote).join(' ');
  return [
    'py=python3',
    `if [ -z "$CONDA_PREFIX" ] && ! python3 ${inVenv} 2>/dev/null && [ -n "$VIRTUAL_ENV" ] && [ -x "$VIRTUAL_ENV/bin/python3" ]; then py="$VIRTUAL_ENV/bin/python3"; fi`,
    `if [ -n "$CONDA_PREFIX" ] || "$py" ${inVenv}; then`,
    `  ${pip} -- ${names}`,
    'else',
    `  ${pip} --user --break-system-packages -- ${names}`,
    'fi',
  ].join('\n');
}
