import { LanguageNotSupportedError, type LanguageHandler } from '@llmsb/core';

/** What a client learns about a language (`list_languages`, `llmsb://languages`). */
export interface LanguageDetails {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly fileExtension: string;
  /** Plots are captured (matplotlib, seaborn, plotly; R graphics). */
  readonly plots: boolean;
  /** Libraries can be installed (`libraries`), when the server allows it. */
  readonly libraries: boolean;
  /** Multi-step languages name their steps (`compile`, `run`). */
  readonly steps: readonly string[];
}

export function languageDetails(language: LanguageHandler, allowLibraries: boolean): LanguageDetails {
  return {
    name: language.name,
    aliases: language.aliases ?? [],
    fileExtension: language.fileExtension,
    plots: language.supportsPlots === true,
    libraries: allowLibraries && language.installCommand !== undefined,
    steps: language.runStepNames ?? ['run'],
  };
}

/** The offered language with this name or alias (case-insensitive). */
export function findLanguage(languages: readonly LanguageHandler[], name: string): LanguageHandler {
  const wanted = name.toLowerCase();
  const found = languages.find((language) => [language.name, ...(language.aliases ?? [])].map((n) => n.toLowerCase()).includes(wanted));
  if (!found)
    throw new LanguageNotSupportedError(
      name,
      languages.map((language) => language.name),
    );
  return found;
}
