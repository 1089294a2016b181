import { describe, expect, it } from 'vitest';
import { getSecurityPolicy, scanCode } from '@llmsb/core';
import { r } from './r.js';

describe('r()', () => {
  const handler = r();

  it.each(['ggplot2', 'data.table', 'llmsb.hello', 'R6', 'Rcpp'])('accepts the package name %j', (name) =>
    expect(handler.validateLibraryName?.(name)).toBe(true),
  );

  it.each(['', 'a', '2fast', '.hidden', 'ends.', '--args', 'glue; id', 'glue")); system("id', 'my_pkg', 'a b'])('rejects %j', (name) =>
    expect(handler.validateLibraryName?.(name)).toBe(false),
  );

  it('passes names as arguments and repositories through the environment, never as R code', () => {
    const command = r({ repos: ['http://a.test/', 'http://b.test/'] }).installCommand?.(['glue', 'data.table']) ?? '';
    expect(command).toMatch(/^LLMSB_R_REPOS='http:\/\/a.test\/ http:\/\/b.test\/' Rscript --vanilla -e '[^']*' glue data.table$/s);
    expect(handler.installCommand?.(['glue'])).toMatch(/^Rscript --vanilla -e /);
  });

  it('finds library() and require() on any line but not in comments or strings', () => {
    const policy = getSecurityPolicy('development');
    const scan = (code: string) => scanCode(code, policy, handler.scanner, handler.name).safe;
    expect(scan('library(processx)')).toBe(false);
    expect(scan('x <- 1; if (TRUE) require("callr")')).toBe(false);
    expect(scan('# library(processx)\ncat("library(processx)")')).toBe(true);
  });
});
