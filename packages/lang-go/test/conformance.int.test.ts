// The language conformance suite (@llmsb/core/testing) for Go on Docker.
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeLanguage } from '@llmsb/core/testing';
import { dockerBackend } from '@llmsb/backend-docker';
import { go } from '@llmsb/lang-go';

const main = (body: string, imports = '"fmt"'): string => `package main\nimport (\n\t${imports}\n)\nfunc main() { ${body} }`;

describeLanguage(
  'go',
  () => createSession({ lang: 'go' }, new PluginRegistry().use(dockerBackend(), go())),
  {
    hello: main('fmt.Println("hello")'),
    outErrExit3: main('fmt.Println("out"); fmt.Fprintln(os.Stderr, "err"); os.Exit(3)', '"fmt"\n\t"os"'),
    utf8: main('fmt.Println("héllo wörld ✓ 日本語 🚀")'),
    busyLoop: main('fmt.Println("spinning"); n := 0; for { n++ }'),
    compileError: 'package main\nimport "fmt"\nfunc main() { fmt.Println("ran"); return undeclared }',
    compileErrorStderr: /llmsb_[0-9a-f]+\.go:3:\d+: undefined: undeclared/,
  },
  { steps: { compile: 'compile', run: 'run' }, busyLoopTimeoutMs: 5_000, leavesNothingAfterTimeout: true },
);
