import { shellQuote, type LanguageHandler } from '@llmsb/core';

export interface MicromambaInstallOptions {
  /** Conda channels to install from. Default: `['conda-forge']`. */
  readonly channels?: readonly string[];
  /** The micromamba program inside the image. Default: `'micromamba'`. */
  readonly executable?: string;
}

/**
 * A language whose `libraries` install into the session's environment with `micromamba install`,
 * falling back to the language's own installer (pip for Python) inside the same environment when
 * micromamba cannot (no channel reachable, or a package that is not on the channels). Without
 * this wrapper the language's installer alone runs, still inside the environment.
 *
 * @example
 * new PluginRegistry().use(micromambaBackend(), withMicromambaInstall(python()));
 */
export function withMicromambaInstall(language: LanguageHandler, options: MicromambaInstallOptions = {}): LanguageHandler {
  // Bound: a handler written as a class may use `this` in its installCommand.
  const fallback = language.installCommand?.bind(language);
  const executable = options.executable ?? 'micromamba';
  const channels = (options.channels ?? ['conda-forge']).map((channel) => `-c ${shellQuote(channel)}`).join(' ');
  return {
    ...language,
    installCommand: (libraries) => {
      const names = libraries.map(shellQuote).join(' ');
      // `micromamba run` has activated the environment: $CONDA_PREFIX is its prefix.
      const conda = `${shellQuote(executable)} install --yes --prefix "$CONDA_PREFIX" ${channels} -- ${names}`;
      if (!fallback) return conda;
      return [
        `if ! ${conda}; then`,
        `  echo '[llmsb] micromamba could not install these; using the language installer inside the environment' >&2`,
        fallback(libraries).replace(/^/gm, '  '),
        'fi',
      ].join('\n');
    },
  };
}
