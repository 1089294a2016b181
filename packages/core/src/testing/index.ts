export { fakeBackend, fakeLanguage, FakeContainer } from './fake-backend.js';
export type { FakeBackendOptions } from './fake-backend.js';
export type { FakeCommand, ShellIO } from './fake-shell.js';
export { describeBackend } from './conformance.js';
export { testOpenContext } from './open-context.js';
export type { OpenContextOverrides } from './open-context.js';
export type { ConformanceOptions } from './conformance.js';
export { openSupervised } from './open-supervised.js';
