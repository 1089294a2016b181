import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { isRequirement, pipInstallCommand } from './pip.js';
import { pythonRecipe } from './recipe.js';
import { pythonWarmStart } from './warm-start.js';

export interface PythonOptions {
  /** Package index for `libraries` / `install()` (PyPI mirror, Artifactory, Nexus). Default: pip's. */
  readonly indexUrl?: string;
  /** Extra indexes searched after `indexUrl`. */
  readonly extraIndexUrls?: readonly string[];
}

/**
 * Python. Code runs from a file in the workdir with the image's virtual environment first on
 * PATH (or the container's `python3` when attached to a foreign one); libraries install with pip
 * into that environment, which still sees the packages preinstalled in the image.
 */
export function python(options: PythonOptions = {}): LanguageHandler {
  const indexFlags = [
    ...(options.indexUrl ? ['--index-url', options.indexUrl] : []),
    ...(options.extraIndexUrls ?? []).flatMap((url) => ['--extra-index-url', url]),
  ];
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
    installCommand: (libraries) => pipInstallCommand(libraries, indexFlags),
    validateLibraryName: isRequirement,
    supportsPlots: true,
    warmStart: pythonWarmStart,
    // Comments, strings (docstrings, f-strings), and every import form: see @llmsb/security.
    scanner: scannerSyntaxes.python,
  };
}
