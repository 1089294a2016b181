// The language conformance suite that @llmsb/core/testing publishes for plugin authors.
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeLanguage } from '@llmsb/core/testing';
import { dockerBackend } from '@llmsb/backend-docker';
import { bash } from 'llmsb-example-lang-bash';

describeLanguage('bash', () => createSession({ lang: 'bash', buildMissingImage: true }, new PluginRegistry().use(dockerBackend(), bash())), {
  hello: 'echo hello',
  outErrExit3: 'echo out\necho err >&2\nexit 3',
  utf8: "printf '%s\\n' 'héllo wörld ✓ 日本語 🚀'",
  busyLoop: 'echo spinning\nwhile :; do :; done',
});
