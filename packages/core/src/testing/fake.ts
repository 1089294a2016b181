// The test doubles of @llmsb/core/testing without the vitest suites, so any test runner (or a
// plain node script) can use them: `import { fakeBackend } from '@llmsb/core/testing/fake'`.
export { fakeBackend, fakeLanguage, FakeContainer } from './fake-backend.js';
export type { FakeBackendOptions } from './fake-backend.js';
export type { FakeCommand, ShellIO } from './fake-shell.js';
export { testOpenContext } from './open-context.js';
export type { OpenContextOverrides } from './open-context.js';
export { openSupervised } from './open-supervised.js';
