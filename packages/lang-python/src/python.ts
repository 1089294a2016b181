import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { pythonRecipe } from './recipe.js';

export interface PythonOptions {
  /** Package index for `libraries` / `install()` (PyPI mirror, Artifactory, Nexus). Default: pip's. */
  readonly indexUrl?: string;
  /** Extra indexes searched after `indexUrl`. */
  readonly extraIndexUrls?: readonly string[];
}

/** PEP 508 name with optional extras and version constraints; nothing a shell would interpret. */
const REQUIREMENT =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,-]+\])?(?:(?:===|==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!_-]+(?:,(?:===|==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!_-]+)*)?$/;

/**
 * Python. Code runs from a file in the workdir with the image's virtual environment first on
 * PATH (or the container's `python3` when attached to a foreign one); libraries install with pip
 * into that environment, which still sees the packages preinstalled in the image.
 */
export function python(options: PythonOptions = {}): LanguageHandler {
  const indexEnv: Record<string, string> = {
    ...(options.indexUrl ? { PIP_INDEX_URL: options.indexUrl } : {}),
    ...(options.extraIndexUrls?.length ? { PIP_EXTRA_INDEX_URL: options.extraIndexUrls.join(' ') } : {}),
  };
  return {
    kind: 'language',
    name: 'python',
    aliases: ['py', 'python3'],
    fileExtension: 'py',
    imageRecipe: pythonRecipe,
    env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', ...indexEnv },
    runCommands: (file) => [`python3 ${shellQuote(file)}`],
    installCommand: (libraries) => {
      const names = libraries.map(shellQuote).join(' ');
      // In a virtual environment pip installs there; in a foreign container's system Python,
      // into the user's site (PEP 668 systems need the explicit override).
      return [
        `if python3 -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; then`,
        `  python3 -m pip install --no-input -- ${names}`,
        'else',
        `  python3 -m pip install --no-input --user --break-system-packages -- ${names}`,
        'fi',
      ].join('\n');
    },
    validateLibraryName: (name) => REQUIREMENT.test(name),
    supportsPlots: true,
    // Comments, strings (docstrings, f-strings), and every import form: see @llmsb/security.
    scanner: scannerSyntaxes.python,
  };
}
