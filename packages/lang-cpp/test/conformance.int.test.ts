// The language conformance suite (@llmsb/core/testing) for C++ on Docker.
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeLanguage } from '@llmsb/core/testing';
import { dockerBackend } from '@llmsb/backend-docker';
import { cpp } from '@llmsb/lang-cpp';

describeLanguage(
  'cpp',
  () => createSession({ lang: 'cpp' }, new PluginRegistry().use(dockerBackend(), cpp())),
  {
    hello: '#include <cstdio>\nint main() { std::puts("hello"); }',
    outErrExit3: '#include <iostream>\nint main() { std::cout << "out\\n"; std::cerr << "err\\n"; return 3; }',
    utf8: '#include <iostream>\nint main() { std::cout << "héllo wörld ✓ 日本語 🚀\\n"; }',
    busyLoop: '#include <cstdio>\nint main() { std::puts("spinning"); std::fflush(stdout); volatile unsigned long n = 0; for (;;) ++n; }',
    compileError: '#include <cstdio>\nint main() { std::puts("ran"); return undeclared; }',
    compileErrorStderr: /llmsb_[0-9a-f]+\.cpp:2:\d+: error: 'undeclared' was not declared/,
  },
  { steps: { compile: 'compile', run: 'run' }, busyLoopTimeoutMs: 4_000, leavesNothingAfterTimeout: true },
);
