import { describe, expect, it } from 'vitest';
import { getSecurityPolicy, scanCode } from '@llmsb/core';
import { cpp } from './cpp.js';

describe('C++ scanner inputs', () => {
  const handler = cpp();
  const policy = getSecurityPolicy('strict');
  const restricted = (code: string) => scanCode(code, policy, handler.scanner, handler.name).safe === false;

  it('finds #include of a restricted header in the forms people write', () => {
    expect(restricted('#include <unistd.h>\nint main() {}')).toBe(true);
    expect(restricted('#  include "unistd.h"\nint main() {}')).toBe(true);
  });

  it('ignores includes inside comments and strings', () => {
    expect(restricted('// #include <unistd.h>\n/* #include <unistd.h> */\nconst char* s = "#include <unistd.h>";\nint main() {}')).toBe(false);
  });
});
