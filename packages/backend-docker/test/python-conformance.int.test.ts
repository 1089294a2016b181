// The language conformance suite (@llmsb/core/testing) for Python. It lives here, not in
// lang-python, for the reason python.int.test.ts does: lang-python cannot dev-depend on this backend.
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeLanguage } from '@llmsb/core/testing';
import { dockerBackend } from '@llmsb/backend-docker';
import { python } from '@llmsb/lang-python';
import { untilWarm } from './helpers.js';

const samples = {
  hello: 'print("hello")',
  outErrExit3: 'import sys\nprint("out", flush=True)\nprint("err", file=sys.stderr)\nsys.exit(3)',
  utf8: 'print("héllo wörld ✓ 日本語 🚀")',
  busyLoop: 'print("spinning", flush=True)\nwhile True:\n    pass',
};
const open = (warmStart: boolean) => createSession({ lang: 'python', warmStart }, new PluginRegistry().use(dockerBackend(), python()));

describeLanguage('python', () => open(false), samples);
// Every run of this suite forks from the warm interpreter (the session is used once it is warm).
describeLanguage('python (warm runs)', async () => untilWarm(await open(true)), samples);
