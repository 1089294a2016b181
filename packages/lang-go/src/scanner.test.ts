import { describe, expect, it } from 'vitest';
import { getSecurityPolicy, scanCode } from '@llmsb/core';
import { go } from './go.js';

describe('Go scanner inputs', () => {
  const handler = go();
  const policy = getSecurityPolicy('strict');
  const restricted = (code: string) => scanCode(code, policy, handler.scanner, handler.name).safe === false;

  it('finds single, grouped and aliased imports of a restricted package', () => {
    expect(restricted('package main\nimport "os/exec"\nfunc main() {}')).toBe(true);
    expect(restricted('package main\nimport (\n\t"fmt"\n\tx "os/exec"\n)\nfunc main() { fmt.Println(x.Command) }')).toBe(true);
    expect(restricted('package main\nimport . "os/exec"\nfunc main() {}')).toBe(true);
  });

  it('ignores imports inside comments and strings', () => {
    expect(restricted('package main\n// import "os/exec"\nimport "fmt"\nfunc main() { fmt.Println(`import "os/exec"`) }')).toBe(false);
  });
});
