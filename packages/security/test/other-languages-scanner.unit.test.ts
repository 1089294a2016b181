import { describe, expect, it } from 'vitest';
import { findings, restricting, scan } from './helpers.js';

describe('the JavaScript/TypeScript scanner', () => {
  const policy = restricting('fs', 'child_process');
  it.each([
    "require('fs')",
    "require('fs/promises')",
    'require("node:fs")',
    "const { readFile } = require('node:fs/promises')",
    "import x from 'fs'",
    "import * as fs from 'fs'",
    "import { readFile } from\n  'fs/promises'",
    "import 'fs'",
    "export * from 'fs'",
    "import('fs')",
    'await import(`fs`)',
    "import fs = require('fs')",
    "module.require('child_process')",
    "\\u0072equire('fs')",
    "const u = 'http://example.com'; require('fs')",
    "`${require('child_process').execSync('id')}`",
    'if (ok) /"/.test(s); require(\'child_process\') // "',
    'eval("require(\'child_process\')")',
  ])('finds %j', (code) => expect(scan('javascript', code, policy).safe, code).toBe(false));

  it.each([
    'const s = "require(\'fs\')"',
    "// require('fs')",
    "/* import fs from 'fs' */",
    "require('fsevents')",
    "require('./fs')",
    "const re = /require\\('x'\\)/; console.log(a / b / c)",
  ])('does not flag %j', (code) => expect(findings('javascript', code, policy), code).toEqual([]));

  it('reports require and import with computed names', () => {
    for (const code of [
      "require('child' + '_process')",
      'require(name)',
      'const r = require; r("fs")',
      'import(moduleName)',
      "process.binding('spawn_sync')",
      'module.constructor._load("fs")',
    ]) {
      expect(findings('javascript', code, policy), code).toContain('dynamic-import');
    }
  });
});

describe('the Java scanner', () => {
  const policy = restricting('java.io', 'java.lang.reflect');
  it.each([
    'import java.io.*;',
    'import java.io.File;',
    'import static java.io.File.separator;',
    'java.io.File f = new java.io.File("x");',
    'import java . io . File;',
    '// \\u000a import java.io.File;',
    '\\u0069mport java.io.File;',
    'import java.lang.reflect.Method;',
  ])('finds %j', (code) => expect(scan('java', code, policy).safe, code).toBe(false));

  it.each([
    'import java.iox.Y;',
    'import java.util.List;',
    '// import java.io.File;',
    'String s = "java.io.File";',
    'String t = """\n  import java.io.*;\n""";',
  ])('does not flag %j', (code) => expect(findings('java', code, policy), code).toEqual([]));

  it('reports class loading by name', () => {
    expect(findings('java', 'Class.forName(name)', policy)).toEqual(['dynamic-import']);
  });
});

describe('the C++ scanner', () => {
  const policy = restricting('cstdlib', 'sys/socket.h');
  it.each([
    '#include <cstdlib>',
    '#include "cstdlib"',
    '  #  include   <cstdlib>',
    '#include <sys/socket.h>',
    '%:include <cstdlib>',
    '#\\\ninclude <cstdlib>',
    'import <cstdlib>;',
    '#if __has_include(<cstdlib>)\n#endif',
  ])('finds %j', (code) => expect(scan('cpp', code, policy).safe, code).toBe(false));

  it.each([
    '// #include <cstdlib>',
    '/* #include <cstdlib> */',
    'const char* s = "#include <cstdlib>";',
    'auto r = R"(\n#include <cstdlib>\n)";',
    '#include <cstdlibx>',
  ])('does not flag %j', (code) => expect(findings('cpp', code, policy), code).toEqual([]));

  it('reads digit separators as numbers, not as character literals hiding code', () => {
    expect(scan('cpp', "int n = 1'000;\n#include <cstdlib>\nint m = 2'000;", policy).safe).toBe(false);
  });
});

describe('the Go scanner', () => {
  const policy = restricting('os');
  it.each([
    'import "os"',
    'import o "os"',
    'import . "os"',
    'import _ "os"',
    'import "os/exec"',
    'import (\n\t"fmt"\n\t"os"\n)',
    'import (\n\t"fmt"\n\tx "os/exec"\n)',
    'import `os`',
  ])('finds %j', (code) => expect(scan('go', code, policy).safe, code).toBe(false));

  it.each(['import "github.com/x/os"', 'import "osext"', '// import "os"', 'var s = `import "os"`', 'import (\n\t"fmt"\n)\nvar s = "os"'])(
    'does not flag %j',
    (code) => expect(findings('go', code, policy), code).toEqual([]),
  );
});

describe('the Ruby scanner', () => {
  const policy = restricting('socket', 'net/http');
  it.each([
    "require 'socket'",
    'require "socket"',
    "require('socket')",
    "require_relative 'socket'",
    "load 'socket.rb'",
    "require 'net/http'",
    "Kernel.require 'socket'",
    "x = 1; require 'socket'",
    's = "#{require \'socket\'}"',
    "x = <<~EOS\n  it's a heredoc\nEOS\nrequire 'socket'",
    "c = ?'; require 'socket'; d = ?'",
  ])('finds %j', (code) => expect(scan('ruby', code, policy).safe, code).toBe(false));

  it.each([
    "# require 'socket'",
    "=begin\nrequire 'socket'\n=end",
    'puts \'require "socket"\'',
    "__END__\nrequire 'socket'",
    "require 'socketry'",
    'JSON.load(data)',
  ])('does not flag %j', (code) => expect(findings('ruby', code, policy), code).toEqual([]));

  it('reports require with a computed name', () => {
    for (const code of ["require 'so' + 'cket'", 'require name', 'send(:require, name)']) {
      expect(findings('ruby', code, policy), code).toContain('dynamic-import');
    }
  });
});

describe('the R scanner', () => {
  const policy = restricting('processx');
  it.each([
    'library(processx)',
    'x <- 1\ny <- 2\nlibrary(processx)',
    'require("processx")',
    "requireNamespace('processx')",
    'library(package = "processx")',
    'processx::run("ls")',
    'processx:::internal()',
    'pacman::p_load(dplyr, processx)',
    'x <- r"(")"; library(processx); y <- "',
    'if (TRUE) { library(processx) }',
  ])('finds %j', (code) => expect(scan('r', code, policy).safe, code).toBe(false));

  it.each(['# library(processx)', 'print("library(processx)")', 'library(processxx)', 's <- "multi\nline library(processx)\n"'])(
    'does not flag %j',
    (code) => expect(findings('r', code, policy), code).toEqual([]),
  );

  it('reports library() with character.only and namespaces loaded by variable', () => {
    for (const code of ['pkg <- "processx"; library(pkg, character.only = TRUE)', 'requireNamespace(pkg)', 'do.call("library", list(pkg))']) {
      expect(findings('r', code, policy), code).toContain('dynamic-import');
    }
  });
});

describe('hostile input', () => {
  it('survives interpolations nested deeper than any real code, and trusts no string after them', () => {
    const code = `${'`${'.repeat(10_000)}\nconst s = "require('fs')";`;
    expect(scan('javascript', code, restricting('fs')).safe).toBe(false);
  });

  it('survives a flood of unterminated heredocs', () => {
    expect(scan('ruby', `${'<<~E\n'.repeat(5_000)}require 'socket'`, restricting('socket')).safe).toBe(false);
  });
});
