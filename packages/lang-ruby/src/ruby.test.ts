import { describe, expect, it } from 'vitest';
import { getSecurityPolicy, scanCode } from '@llmsb/core';
import { ruby } from './ruby.js';

describe('ruby()', () => {
  const handler = ruby();

  it.each(['rake', 'nokogiri', 'llmsb_hello', 'net-http', 'rack:3.0.8', 'a.b'])('accepts the gem name %j', (name) =>
    expect(handler.validateLibraryName?.(name)).toBe(true),
  );

  it.each([
    '',
    '-v',
    '--source=http://x',
    'rake; id',
    'rake $(id)',
    'a b',
    "a'b",
    'rake:',
    'rake:>=1',
    'ra\nke',
    'evil.gem',
    './x.gem',
    '/tmp/x',
    'https://x/y',
    'git+https://x',
  ])('rejects %j', (name) => expect(handler.validateLibraryName?.(name)).toBe(false));

  it('replaces the default gem sources only when a source is given', () => {
    expect(handler.installCommand?.(['rake'])).toMatch(/gem install [^|;&]*--no-document rake$/);
    expect(handler.installCommand?.(['rake'])).not.toContain('--source');
    expect(ruby({ source: 'http://mirror.test/gems/' }).installCommand?.(['rake', 'rack:3.0.8'])).toMatch(
      / --no-document --clear-sources --source http:\/\/mirror.test\/gems\/ rake rack:3.0.8$/,
    );
  });

  it('finds require and require_relative but not commented-out ones', () => {
    const policy = getSecurityPolicy('development');
    const scan = (code: string) => scanCode(code, policy, handler.scanner, handler.name).safe;
    expect(scan("require 'open3'")).toBe(false);
    expect(scan('x = 1; require("open3")')).toBe(false);
    expect(scan('# require "open3"\n=begin\nrequire "open3"\n=end\nputs "require \'open3\'"')).toBe(true);
  });
});
