import { scannerSyntaxes, shellQuote, ValidationError, type LanguageHandler } from '@llmsb/core';
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
/** A Debian suite or codename (`bookworm`, `stable`, `bookworm-updates`): one word of apt's sources line. */
const SUITE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/**
 * C++. A run is two steps: g++ compiles the source, then the binary runs. The binary replaces
 * the source file once compiled, so the core's clean-up of the code file (after the run, after a
 * failed step, after a timeout) removes the binary too. Libraries are Debian packages that a
 * root step installs with apt.
 */
export function cpp(options: CppOptions = {}): LanguageHandler {
  if (typeof options !== 'object' || options === null) throw new ValidationError(`cpp options must be an object, got ${describe(options)}.`);
  const standard = options.standard ?? 'c++17';
  if (typeof standard !== 'string' || !STANDARD.test(standard)) {
    throw new ValidationError(`cpp option standard ${describe(standard)} is not C++17 or later (e.g. c++17, c++20, gnu++20).`);
  }
  const compilerFlags: unknown = options.compilerFlags ?? [];
  if (!Array.isArray(compilerFlags)) throw new ValidationError(`cpp option compilerFlags ${describe(compilerFlags)} is not an array of strings.`);
  for (const flag of compilerFlags as unknown[]) {
    if (typeof flag !== 'string' || flag === '' || flag.includes('\0')) {
      throw new ValidationError(`cpp option compilerFlags has ${describe(flag)}, which is not a non-empty string without NUL.`);
    }
  }
  if (options.aptMirror !== undefined && (typeof options.aptMirror !== 'string' || !MIRROR.test(options.aptMirror))) {
    throw new ValidationError(`cpp option aptMirror ${describe(options.aptMirror)} is not an http(s) or file URL.`);
  }
  const aptSuite = options.aptSuite ?? 'bookworm';
  if (typeof aptSuite !== 'string' || !SUITE.test(aptSuite)) {
    throw new ValidationError(`cpp option aptSuite ${describe(aptSuite)} is not a Debian suite name (e.g. bookworm, stable, bookworm-updates).`);
  }
  const flags = [`-std=${standard}`, '-O2', ...(compilerFlags as string[])].map(shellQuote).join(' ');
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

/** A bad option's value for an error message: strings quoted, anything else as best it prints. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
