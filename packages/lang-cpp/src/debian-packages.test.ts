import { describe, expect, it } from 'vitest';
import { cpp } from './cpp.js';
import { debianPackageFor, isDebianPackageName } from './debian-packages.js';

describe('C++ library names', () => {
  it('accepts Debian package names, optionally pinned to a version', () => {
    for (const name of ['libstdc++', 'libboost-dev', 'g++', 'libfmt-dev=9.1.0+ds1-2', 'nlohmann-json3-dev'])
      expect(isDebianPackageName(name)).toBe(true);
  });

  it('rejects anything a shell or apt would interpret', () => {
    for (const name of ['a; rm -rf /', '-oAPT::x', 'Foo', 'lib$(id)', 'x y', "a'b", '', 'a', './x.deb', '/tmp/x.deb', 'x.deb', 'http://x/y'])
      expect(isDebianPackageName(name)).toBe(false);
  });

  it('maps the seed library libstdc++ to the Debian package that provides it', () => {
    expect(debianPackageFor('libstdc++')).toBe('libstdc++-12-dev');
    expect(debianPackageFor('libfmt-dev')).toBe('libfmt-dev');
  });

  it('compiles as C++17 by default in one step and runs the binary in a second', () => {
    const handler = cpp();
    expect(handler.runStepNames).toEqual(['compile', 'run']);
    expect(handler.runCommands('/sandbox/a.cpp')[0]).toContain('-std=c++17');
    expect(() => cpp({ standard: 'c++11' })).toThrow(/C\+\+17 or later/);
  });

  it('installs as root, through the mirror when one is given', () => {
    const handler = cpp({ aptMirror: 'https://nexus.example/debian' });
    expect(handler.installUser).toBe('root');
    expect(handler.installCommand?.(['libfmt-dev'])).toContain('https://nexus.example/debian bookworm');
  });
});
