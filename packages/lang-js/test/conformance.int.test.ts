// The language conformance suite (@llmsb/core/testing) for JavaScript and TypeScript on Docker.
import { describeLanguage } from '@llmsb/core/testing';
import { open } from './helpers.js';

describeLanguage('javascript', () => open('javascript'), {
  hello: 'console.log("hello")',
  outErrExit3: 'console.log("out"); console.error("err"); process.exitCode = 3',
  utf8: 'console.log("héllo wörld ✓ 日本語 🚀")',
  busyLoop: 'console.log("spinning"); for (;;) {}',
});

describeLanguage('typescript', () => open('typescript'), {
  hello: 'const greeting: string = "hello"; console.log(greeting)',
  outErrExit3: 'const code: number = 3; console.log("out"); console.error("err"); process.exitCode = code',
  utf8: 'const s: string = "héllo wörld ✓ 日本語 🚀"; console.log(s)',
  busyLoop: 'console.log("spinning"); let n: number = 0; for (;;) { n++; }',
});
