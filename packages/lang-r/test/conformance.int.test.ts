// The language conformance suite (@llmsb/core/testing) for R on Docker.
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeLanguage } from '@llmsb/core/testing';
import { dockerBackend } from '@llmsb/backend-docker';
import { r } from '@llmsb/lang-r';

describeLanguage('r', () => createSession({ lang: 'r' }, new PluginRegistry().use(dockerBackend(), r())), {
  hello: 'cat("hello\\n")',
  outErrExit3: 'cat("out\\n")\nmessage("err")\nquit(status = 3)',
  utf8: 'cat("héllo wörld ✓ 日本語 🚀\\n")',
  busyLoop: 'cat("spinning\\n")\nrepeat {}',
});
