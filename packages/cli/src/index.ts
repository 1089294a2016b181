export { main, usage } from './main.js';
export { EXIT, exitCodeFor, reportError } from './errors-to-exit.js';
export { UsageError } from './usage-error.js';
export { LANGUAGES, findLanguage } from './languages.js';
export { cliRegistry, openSession } from './open-session.js';
