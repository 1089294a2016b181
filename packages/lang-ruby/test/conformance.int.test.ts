// The language conformance suite (@llmsb/core/testing) for Ruby on Docker.
import { createSession, PluginRegistry } from '@llmsb/core';
import { describeLanguage } from '@llmsb/core/testing';
import { dockerBackend } from '@llmsb/backend-docker';
import { ruby } from '@llmsb/lang-ruby';

describeLanguage('ruby', () => createSession({ lang: 'ruby' }, new PluginRegistry().use(dockerBackend(), ruby())), {
  hello: 'puts "hello"',
  outErrExit3: 'puts "out"\n$stdout.flush\nwarn "err"\nexit 3',
  utf8: 'puts "héllo wörld ✓ 日本語 🚀"',
  busyLoop: '$stdout.sync = true\nputs "spinning"\nloop { }',
});
