import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, type PluginRegistry, type Session, type SessionOptions } from '@llmsb/core';
import { serveTrap, type Trap } from './steering.js';

export interface InstallSteeringSuiteOptions {
  /** Engine name in test names, e.g. `Docker`. */
  readonly name: string;
  readonly backend: string;
  readonly registry: () => PluginRegistry;
  /** An address of the host that the engine's containers reach while online. */
  readonly hostAddress: () => Promise<string>;
}

/** The venv of the llmsb Python image, where installs go. */
const VENV = '/opt/llmsb/venv';
const SITE = `${VENV}/lib/python3.11/site-packages`;
/** Hooks below leave `/tmp/llmsb-hook-<uid>` when they run, and call the trap. */
const HOOK_MARKERS = 'ls /tmp/llmsb-hook-* 2>/dev/null; true';
/** Installed from the real package index by every install below. */
const LIBRARY = 'tabulate==0.9.0';

/** One line of Python that leaves a marker naming the uid it ran as, then calls `url`. */
const hookLine = (url: string): string =>
  `import os, urllib.request as u; open('/tmp/llmsb-hook-%d' % os.getuid(), 'w').close(); u.urlopen('${url}', timeout=3)`;

/**
 * Python that writes files where it can (replacing what is there) and prints, per file, `ok` or the errno name. `files` is a
 * Python expression of a dict (path → text), evaluated after `import site`.
 */
function planter(files: string): string {
  return [
    'import errno, os, site',
    `for path, text in (${files}).items():`,
    '    try:',
    '        os.makedirs(os.path.dirname(path), exist_ok=True)',
    '        if os.path.lexists(path): os.remove(path)',
    '        with open(path, "w") as f: f.write(text)',
    '        os.chmod(path, 0o755)',
    '        print(path, "ok")',
    '    except OSError as e:',
    '        print(path, errno.errorcode[e.errno])',
  ].join('\n');
}

const dict = (files: Readonly<Record<string, string>>): string => JSON.stringify(files);

/**
 * Installs that sandboxed code cannot steer, asserted on a real engine with the Python image: the
 * code plants what an attacker would (`.pth` hooks, pip config, binaries, a process left running)
 * and a later `install()` from the real package index must neither read nor run any of it. A
 * trap served from the host records every request; a control shows the trap is reachable.
 */
export function describeInstallSteering({ name, backend, registry, hostAddress }: InstallSteeringSuiteOptions): void {
  const open = (options: Partial<SessionOptions> = {}): Promise<Session> => createSession({ backend, lang: 'python', ...options }, registry());

  describe(`installs the code cannot steer, on ${name}`, () => {
    let trap: Trap;
    beforeAll(async () => {
      trap = await serveTrap(await hostAddress());
    });
    afterAll(() => trap?.close());
    const trapHits = (): string[] => trap.hits();

    it('control: an online sandbox reaches the trap', async () => {
      await using session = await open({ runtimeConfig: { network: 'bridge' } });
      const result = await session.run(
        `import urllib.request as u\ntry:\n    u.urlopen('${trap.url}control', timeout=5)\nexcept Exception as e:\n    print(type(e).__name__)`,
      );
      expect(result.stdout).toBe('HTTPError\n');
      expect(trapHits()).toContain('/control');
    });

    it('the code cannot write into the install targets: the venv, its site-packages and its bin', async () => {
      await using session = await open();
      const result = await session.run(
        planter(dict({ [`${SITE}/evil.pth`]: 'import os\n', [`${VENV}/bin/pip`]: '#!/bin/sh\n', [`${VENV}/pyvenv.cfg`]: '' })),
      );
      expect(result.stdout).toBe(`${SITE}/evil.pth EACCES\n${VENV}/bin/pip EACCES\n${VENV}/pyvenv.cfg EACCES\n`);
      const owner = await session.executeCommand(['stat', '-c', '%U', VENV, SITE]);
      expect(owner.stdout).not.toMatch(/sandbox/);
    });

    it('.pth hooks and sitecustomize planted wherever the code can write are not run by an install', async () => {
      await using session = await open();
      const hook = hookLine(`${trap.url}pth`);
      const targets = ['/sandbox/sitecustomize.py', '/sandbox/evil.pth', '/tmp/sitecustomize.py', `${SITE}/evil.pth`];
      const inUserSite = "{site.getusersitepackages() + '/' + name: HOOK for name in ('evil.pth', 'usercustomize.py')}";
      const planted = await session.run(
        `HOOK = ${JSON.stringify(hook)}\n${planter(`{**{path: HOOK for path in ${JSON.stringify(targets)}}, **${inUserSite}}`)}`,
      );
      expect(planted.stdout).toMatch(/usercustomize.py ok/);
      await session.install([LIBRARY]);
      expect((await session.executeCommand(HOOK_MARKERS)).stdout).toBe('');
      expect(trapHits()).not.toContain('/pth');
      expect((await session.run('import tabulate; print(tabulate.__version__)')).stdout).toBe('0.9.0\n');
      expect(planted.stdout).toContain(`${SITE}/evil.pth EACCES`);
    });

    it('pip configuration the code wrote (user, legacy, workdir, venv) is not read', async () => {
      await using session = await open();
      const config = `[global]\nindex-url = ${trap.url}pip-conf/\ntrusted-host = ${new URL(trap.url).hostname}\n[install]\nindex-url = ${trap.url}pip-conf/\n`;
      const planted = await session.run(
        planter(
          dict({
            '/home/sandbox/.config/pip/pip.conf': config,
            '/home/sandbox/.pip/pip.conf': config,
            '/sandbox/pip.conf': config,
            '/tmp/pip.conf': config,
            [`${VENV}/pip.conf`]: config,
          }),
        ),
      );
      expect(planted.stdout).toContain('/home/sandbox/.config/pip/pip.conf ok');
      const failure = await session.install([LIBRARY]).catch((error: unknown) => error);
      expect(trapHits().filter((path) => path.startsWith('/pip-conf'))).toEqual([]);
      expect(failure).toBeUndefined();
      expect(planted.stdout).toContain(`${VENV}/pip.conf EACCES`);
    });

    it('binaries planted where the code can write (workdir, home, /tmp, the venv) do not run during an install', async () => {
      await using session = await open();
      const fake = `#!/bin/sh\ntouch /tmp/llmsb-hook-binary-$(id -u)\nexec /usr/bin/python3 "$@"\n`;
      const planted = await session.run(
        planter(
          dict({
            '/sandbox/python3': fake,
            '/sandbox/pip': fake,
            '/home/sandbox/.local/bin/python3': fake,
            '/home/sandbox/.local/bin/pip': fake,
            '/tmp/python3': fake,
            [`${VENV}/bin/python3`]: fake,
          }),
        ),
      );
      expect(planted.stdout).toContain('/sandbox/python3 ok');
      await session.install([LIBRARY]).catch(() => undefined);
      expect((await session.executeCommand(HOOK_MARKERS)).stdout).toBe('');
      expect(planted.stdout).toContain(`${VENV}/bin/python3 EACCES`);
    });

    it('a planter that passes the strict scanner (posix.open / posix.write) cannot plant a hook either', async () => {
      await using session = await open({ securityPolicy: 'strict' });
      const code = [
        'import posix',
        `line = ${JSON.stringify(hookLine(`${trap.url}strict`))}`,
        'try:',
        `    fd = posix.open('${SITE}/strict.pth', 0o1101, 0o644)`,
        '    posix.write(fd, line.encode())',
        '    posix.close(fd)',
        '    print("planted")',
        'except PermissionError:',
        '    print("denied")',
      ].join('\n');
      expect(session.isSafe(code).safe).toBe(true);
      const planted = await session.run(code);
      await session.install([LIBRARY]);
      expect((await session.executeCommand(HOOK_MARKERS)).stdout).toBe('');
      expect(trapHits()).not.toContain('/strict');
      expect(planted.stdout).toBe('denied\n');
    });

    it.each([
      ['through the supervisor', true],
      ['through engine exec', false],
    ])('a process the code left running (%s) never sees the install network', async (_path, supervisor) => {
      await using session = await open({ supervisor });
      const daemon = [
        'import os, time, urllib.request as u',
        'if os.fork() == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        '        for _ in range(3000):',
        '            try: u.urlopen(' + JSON.stringify(`${trap.url}leftover`) + ', timeout=1)',
        '            except Exception: pass',
        '            time.sleep(0.02)',
        '    os._exit(0)',
        'print("left running")',
      ].join('\n');
      expect((await session.run(daemon)).stdout).toBe('left running\n');
      await session.install([LIBRARY]);
      expect(trapHits()).not.toContain('/leftover');
    });

    it('installs run as the installer identity, not as root and not as the code’s user', async () => {
      await using session = await open();
      await session.install([LIBRARY]);
      const owner = await session.executeCommand(['sh', '-c', `stat -c %U ${SITE}/tabulate/__init__.py`]);
      expect(owner.stdout).toBe('llmsb-installer\n');
    });
  });
}
