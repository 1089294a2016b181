import { describe, expect, it } from 'vitest';
import { createSession, parseSessionOptions, ValidationError } from '@llmsb/core';
import { fakeOptions, fakeRegistry } from './helpers.js';

/** The error parsing `workdir` throws, or undefined. */
function refusal(workdir: string): unknown {
  try {
    parseSessionOptions({ workdir });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the workdir session option', () => {
  it('defaults to /sandbox', () => {
    expect(parseSessionOptions({}).workdir).toBe('/sandbox');
  });

  it.each([
    '/sandbox',
    '/tmp/work',
    '/home/user/work',
    '/opt/app',
    '/var/tmp',
    '/var/tmp/x',
    '/workspace',
    '/tmp',
    '/srv/a.b/c-d_e',
    '/sandbox/...x',
  ])('accepts %s', (workdir) => expect(parseSessionOptions({ workdir }).workdir).toBe(workdir));

  it.each([
    ['/sandbox/../etc', 'workdir /sandbox/../etc is not a normalised absolute path'],
    ['/sandbox/./x', 'workdir /sandbox/./x is not a normalised absolute path'],
    ['/sandbox/..', 'workdir /sandbox/.. is not a normalised absolute path'],
    ['//sandbox', 'workdir //sandbox is not a normalised absolute path'],
    ['/sandbox//x', 'workdir /sandbox//x is not a normalised absolute path'],
    ['/sandbox/', 'workdir /sandbox/ is not a normalised absolute path'],
    ['sandbox', 'workdir sandbox is not a normalised absolute path'],
    ['', 'workdir "" is not a normalised absolute path'],
    ['/sandbox\0x', 'workdir "/sandbox\\u0000x" is not a normalised absolute path'],
    ['/sandbox\nx', 'workdir "/sandbox\\nx" is not a normalised absolute path'],
    ['/', 'workdir / is the root folder'],
    ['/etc', 'workdir /etc is /etc, a system folder'],
    ['/etc/x', 'workdir /etc/x is under /etc, a system folder'],
    ['/usr/local/app', 'workdir /usr/local/app is under /usr, a system folder'],
    ['/var', 'workdir /var is /var, a system folder'],
    ['/var/lib/app', 'workdir /var/lib/app is under /var, a system folder'],
    ['/var/tmpx', 'workdir /var/tmpx is under /var, a system folder'],
    ['/root', 'workdir /root is /root, a system folder'],
    ['/proc/self', 'workdir /proc/self is under /proc, a system folder'],
    ['/lib64/x', 'workdir /lib64/x is under /lib64, a system folder'],
  ])('refuses %j with a ValidationError naming the rule', (workdir, message) => {
    const error = refusal(workdir);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
  });

  it.each(['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var'])(
    'refuses the system folder %s and what lies under it, not a sibling named like it',
    (folder) => {
      expect(refusal(folder)).toBeInstanceOf(ValidationError);
      expect(refusal(`${folder}/app`)).toBeInstanceOf(ValidationError);
      expect(refusal(`${folder}x`)).toBeUndefined();
    },
  );

  it('createSession refuses a bad workdir before opening anything', async () => {
    await expect(createSession({ ...fakeOptions, workdir: '/etc' }, fakeRegistry())).rejects.toBeInstanceOf(ValidationError);
    await expect(createSession({ ...fakeOptions, workdir: '/sandbox/../etc' }, fakeRegistry())).rejects.toBeInstanceOf(ValidationError);
  });

  it('createSession opens in an allowed workdir', async () => {
    await using session = await createSession({ ...fakeOptions, workdir: '/var/tmp/work' }, fakeRegistry());
    expect(session.isOpen).toBe(true);
  });
});
