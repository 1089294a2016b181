// The language conformance suite (@llmsb/core/testing) for Java on Docker.
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeLanguage } from '@llmsb/core/testing';
import { dockerBackend } from '@llmsb/backend-docker';
import { java } from '@llmsb/lang-java';

const main = (body: string): string => `public class Main { public static void main(String[] a) { ${body} } }`;

describeLanguage(
  'java',
  () => createSession({ lang: 'java' }, new PluginRegistry().use(dockerBackend(), java())),
  {
    hello: main('System.out.println("hello");'),
    outErrExit3: main('System.out.println("out"); System.err.println("err"); System.exit(3);'),
    utf8: main('System.out.println("héllo wörld ✓ 日本語 🚀");'),
    busyLoop: main('System.out.println("spinning"); long n = 0; while (true) { n++; }'),
    compileError: main('int x = "not a number";'),
  },
  { steps: { compile: 'compile', run: 'run' }, busyLoopTimeoutMs: 5_000 },
);
