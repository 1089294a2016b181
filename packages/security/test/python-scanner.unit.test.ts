import { describe, expect, it } from 'vitest';
import { findings, restricting, scan } from './helpers.js';

const os = restricting('os');
const blocked = (code: string): void => expect(scan('python', code, os).safe, code).toBe(false);
const allowed = (code: string): void => expect(findings('python', code, os), code).toEqual([]);

describe('the Python scanner finds imports of a restricted module', () => {
  it.each([
    'import os',
    'import a, os',
    'import a as b, os.path as p',
    'import os.path',
    'import os as o',
    'from os import path',
    'from os.path import join',
    'from os import (\n    path,\n)',
    "__import__('os')",
    '__import__("os.path")',
    "importlib.import_module('os')",
    "from importlib import import_module\nimport_module('os')",
    'x = 1; import os',
    'if True: import os',
    '    import os  # indented, in a function',
    'import os . path',
    'import sys,\\\n    os',
    'from os \\\n import path',
  ])('%j', (code) => blocked(code));

  it('after NFKC normalisation, as CPython reads identifiers (import ｏｓ)', () => {
    blocked('import \uff4f\uff53');
  });

  it('when a "#" inside a string would have hidden the import from a naive comment stripper', () => {
    blocked('s = "#"; import os');
    blocked("url = 'http://x/#frag'; import os");
  });

  it('inside f-strings and strings handed to exec/eval/compile, which run as code', () => {
    blocked('print(f"{__import__(\'os\').getcwd()}")');
    blocked('exec("import os")');
    blocked("eval(compile('import os', 'x', 'exec'))");
  });

  it('reports an import by computed name as a possible restricted import', () => {
    for (const code of [
      "__import__('o' + 's')",
      "__import__('o' 's')",
      'name = "os"; __import__(name)',
      'importlib.import_module(name)',
      "getattr(__builtins__, '__import__')('os')",
      "builtins.__dict__['__import__']('os')",
      'imp = importlib.import_module',
      "sys.modules['os'].system('id')",
    ]) {
      expect(findings('python', code, os), code).toEqual(['dynamic-import']);
    }
  });
});

describe('the Python scanner does not mistake text for imports', () => {
  it.each([
    '"""import os"""\nprint(1)',
    "'''\nimport os\n'''",
    '# import os',
    'print("import os")',
    "print('from os import path')",
    'import osmosis',
    'import myos',
    'from . import os',
    'from .os import x',
    'from mypkg import os',
    'import numpy.os_helpers',
    'x.import_module = 1',
  ])('%j', (code) => allowed(code));

  it('keeps line numbers: comments and docstrings before an import do not shift it', () => {
    const result = scan('python', '"""doc\nstring"""\n# comment\nimport os', os);
    expect(result.violations[0]).toMatchObject({ line: 4, match: 'import os' });
  });

  it('trusts no string once something is unterminated, since it may be out of step', () => {
    // An odd quote count means the lexer cannot know where strings are; it reports rather than hides.
    blocked('x = "unterminated\n"""import os"""');
  });
});
