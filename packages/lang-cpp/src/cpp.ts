import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { aptInstallScript } from './apt-install.js';
import { isDebianPackageName } from './debian-packages.js';
import { cppRecipe } from './recipe.js';

export interface CppOptions {
  /** Language standard passed to g++ as `-std=`. Default: `c++17`. */
  readonly standard?: string;
  /** Extra g++ flags, e.g. `['-Wall', '-pthread']`; each passed as one word. Default: none. */
  readonly compilerFlags?: readonly string[];
  /** Debian mirror for `libraries` / `install()` (Artifactory, Nexus, a local repo). Default: the image's apt sources. */
  readonly aptMirror?: string;
  /** Suite requested from `aptMirror`. Default: `bookworm`. */
  readonly aptSuite?: string;
}

const STANDARD = /^(?:c|gnu)\+\+(?:17|1z|20|2a|23|2b|26|2c)$/;
const MIRROR = /^(?:https?|file):\/\/[^\s'"\\]+$/;

/**
 * C++. A run is two steps: g++ compiles the source, then the binary runs. The binary replaces
 * the source file once compiled, so the core's clean-up of the code file (after the run, after a
 * failed step, after a timeout) removes the binary too. Libraries are Debian packages that a
 * root step installs with apt.
 */
export function cpp(options: CppOptions = {}): LanguageHandler {
  const standard = options.standard ?? 'c++17';
  if (!STANDARD.test(standard)) throw new TypeError(`C++ standard "${standard}" is not C++17 or later (e.g. c++17, c++20, gnu++20).`);
  if (options.aptMirror !== undefined && !MIRROR.test(options.aptMirror)) throw new TypeError(`aptMirror "${options.aptMirror}" is not an http(s) or file URL.`);
  const flags = [`-std=${standard}`, '-O2', ...(options.compilerFlags ?? [])].map(shellQuote).join(' ');
  const aptSuite = options.aptSuite ?? 'bookworm';
  return {
    kind: 'language',
    name: 'cpp',
    aliases: ['c++', 'cxx'],
    fileExtension: 'cpp',
    imageRecipe: cppRecipe,
    runStepNames: ['compile', 'run'],
    runCommands: (file) => {
      const source = shellQuote(file);
      const binary = shellQuote(`${file}.bin`);
      return [`g++ ${flags} -o ${binary} ${source} && mv -f ${binary} ${source}`, source];
    },
    installUser: 'root',
    installCommand: (libraries) => aptInstallScript(libraries, { aptMirror: options.aptMirror, aptSuite }),
    validateLibraryName: isDebianPackageName,
    scanner: scannerSyntaxes.cpp,
  };
}
