export { main, usage } from './main.js';
export { EXIT, exitCodeFor, reportError } from './errors-to-exit.js';
export { UsageError } from './usage-error.js';
export { LANGUAGES, findLanguage } from './languages.js';
export { cliRegistry, openSession, CLI_BACKENDS } from './open-session.js';
export type { CliBackend } from './open-session.js';
