import { describe, expect, it } from 'vitest';
import { isRequirement, pipInstallCommand } from './pip.js';

describe('pip requirements', () => {
  it.each(['numpy', 'tabulate==0.9.0', 'requests[socks]>=2.31,<3', 'scikit-learn~=1.4', 'zope.interface', 'a', 'Pillow!=10.0.0'])(
    'accepts %s',
    (name) => expect(isRequirement(name)).toBe(true),
  );
  it.each([
    'x @ https://evil/x.whl',
    'x@https://evil',
    'git+https://github.com/a/b',
    'https://evil/pkg.tar.gz',
    './pkg',
    '/tmp/pkg',
    'pkg-1.0-py3-none-any.whl',
    'pkg-1.0.tar.gz',
    'pkg.zip',
    '-e .',
    '--index-url=http://evil',
    '-r requirements.txt',
    'numpy; touch /tmp/pwned',
    '',
  ])('refuses %j', (name) => expect(isRequirement(name)).toBe(false));
});

describe('the pip command', () => {
  const command = pipInstallCommand(['numpy'], ['--index-url', 'https://mirror.test/simple']);
  it('isolates the interpreter and pip, and pins config, cache and index on the command line', () => {
    expect(command).toContain('PIP_CONFIG_FILE=/dev/null "$py" -I -m pip install --isolated');
    expect(command).toContain('--cache-dir "$HOME/.cache/pip"');
    expect(command).toContain('--index-url https://mirror.test/simple');
    expect(command).toMatch(/-- numpy\n/);
  });
});
