import { describe, expect, it } from 'vitest';
import { go } from './go.js';
import { isGoModulePath } from './module-path.js';

describe('Go library names', () => {
  it('accepts module paths with an optional version query', () => {
    for (const name of [
      'github.com/spyzhov/ajson',
      'golang.org/x/text@v0.14.0',
      'gopkg.in/yaml.v3',
      'github.com/google/uuid@latest',
      'example.com/a/b/v2@v2.0.0-20240101-abcdef',
    ])
      expect(isGoModulePath(name)).toBe(true);
  });

  it('rejects flags, shell syntax, standard-library names and path traversal', () => {
    for (const name of [
      '-insecure',
      'fmt',
      'github.com/a/b; id',
      'github.com/$(id)',
      'github.com/a b',
      'github.com/../x',
      "github.com/a'",
      'GitHub.com/a',
      '',
    ])
      expect(isGoModulePath(name)).toBe(false);
  });

  it('carries a GOPROXY and GOSUMDB override into every process', () => {
    expect(go({ goproxy: 'https://goproxy.example', gosumdb: 'off' }).env).toEqual({ GOPROXY: 'https://goproxy.example', GOSUMDB: 'off' });
    expect(go().env).toEqual({});
  });
});
