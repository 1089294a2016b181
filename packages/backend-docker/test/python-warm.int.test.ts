// Warm start (`warmStart: true`): each run is a child forked from a resident Python that imported
// numpy, pandas and matplotlib once. Every test here first waits until runs really are warm, then
// checks that the program cannot tell it from `python3 file.py`, and that runs share nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, SandboxTimeoutError, type Session } from '@llmsb/core';
import { dockerRegistry, IS_WARM, requireDocker, untilWarm } from './helpers.js';

beforeAll(async () => {
  await requireDocker();
});

async function openWarm(): Promise<Session> {
  return untilWarm(await createSession({ lang: 'python', warmStart: true }, dockerRegistry()));
}

describe('warm Python on Docker', () => {
  it('runs the file as __main__ with its argv, path, file name and traceback lines', async () => {
    await using session = await openWarm();
    const result = await session.run(
      [
        'import os, sys',
        'print(__name__, __file__ == sys.argv[0], len(sys.argv), sys.path[0], os.getcwd())',
        'print(sys.executable, sys.prefix)',
        'import numpy',
        'def f():',
        '    raise ValueError("boom")',
        'f()',
      ].join('\n'),
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('__main__ True 1 /sandbox /sandbox\n/opt/llmsb/venv/bin/python3 /opt/llmsb/venv\n');
    expect(result.stderr).toMatch(
      /^Traceback \(most recent call last\):\n {2}File "\/sandbox\/llmsb_\w+\.py", line 7, in <module>\n {4}f\(\)\n {2}File "\/sandbox\/llmsb_\w+\.py", line 6, in f\n {4}raise ValueError\("boom"\)\nValueError: boom\n$/,
    );
  });

  it('exits as a cold interpreter would: sys.exit codes and messages, syntax errors, atexit, signals', async () => {
    await using session = await openWarm();
    expect(await session.run('import sys\nsys.exit(3)')).toMatchObject({ exitCode: 3, stderr: '' });
    expect(await session.run('import sys\nsys.exit("bye")')).toMatchObject({ exitCode: 1, stderr: 'bye\n' });
    const syntax = await session.run('x = (1,\n');
    expect(syntax.exitCode).toBe(1);
    expect(syntax.stderr).toMatch(/^ {2}File "\/sandbox\/llmsb_\w+\.py", line 1\n.*SyntaxError: /s);
    const atexit = await session.run('import atexit\natexit.register(print, "at exit")\nprint("body")');
    expect(atexit).toMatchObject({ exitCode: 0, stdout: 'body\nat exit\n' });
    const finaliser = await session.run('class A:\n    def __del__(self):\n        print("finalised")\na = A()');
    expect(finaliser.stdout).toBe('finalised\n');
    expect((await session.run('import os, signal\nos.kill(os.getpid(), signal.SIGTERM)')).exitCode).toBe(143);
    const interrupted = await session.run('raise KeyboardInterrupt');
    expect(interrupted.exitCode).toBe(130);
    expect(interrupted.stderr).toMatch(/KeyboardInterrupt\n$/);
  });

  it('writes stdout unbuffered and interleaved with stderr, and reads stdin-less input as EOF', async () => {
    await using session = await openWarm();
    const chunks: string[] = [];
    const result = await session.run('import sys, time\nprint("a")\ntime.sleep(0.3)\nprint("b")\nprint(repr(sys.stdin.read()))', {
      onStdout: (text) => chunks.push(text),
    });
    expect(result.stdout).toBe("a\nb\n''\n");
    // "a" arrived on its own, 0.3 s before "b" was printed (unbuffered writes "a" and "\n" apart, as python3 -u does).
    expect(chunks[0]?.startsWith('a')).toBe(true);
    expect(chunks[0]).not.toContain('b');
  });

  it('draws fresh randomness in every run: random, numpy.random, multiprocessing keys', async () => {
    await using session = await openWarm();
    const code = 'import random, numpy as np, multiprocessing as mp\nprint(random.random(), np.random.rand(), mp.current_process().authkey.hex())';
    const first = (await session.run(code)).stdout;
    const second = (await session.run(code)).stdout;
    expect(first).toMatch(/^[\d.e-]+ [\d.e-]+ [0-9a-f]{64}\n$/);
    expect(first.split(' ').map((value, index) => value === second.split(' ')[index])).toEqual([false, false, false]);
  });

  it('runs as the sandbox user with no capabilities, no groups and a high oom_score_adj', async () => {
    await using session = await openWarm();
    const result = await session.run(
      [
        'import os',
        'status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)',
        'print(os.getuid(), os.geteuid(), os.getgid(), os.getgroups(), status["CapEff"], status["CapPrm"], status["CapAmb"])',
        'print(open("/proc/self/oom_score_adj").read().strip(), len(os.listdir("/proc/self/fd")))',
      ].join('\n'),
    );
    expect(result.stdout).toBe('1000 1000 1000 [] 0000000000000000 0000000000000000 0000000000000000\n1000 4\n');
  });

  it('cannot signal, trace or read the fork server, nor the process it keeps ready for the next run', async () => {
    await using session = await openWarm();
    const result = await session.run(
      [
        'import ctypes, os',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'def root(p):\n    try:\n        return open(f"/proc/{p}/cmdline", "rb").read() if os.stat(f"/proc/{p}").st_uid == 0 else b""\n    except OSError:\n        return b""',
        // The server and its spare share the command line.
        'import time',
        'for _ in range(100):  # the next spare is made while this run runs',
        '    tree = [int(p) for p in os.listdir("/proc") if p.isdigit() and b"-P\\0-c" in root(p)]',
        '    if len(tree) == 2:\n        break\n    time.sleep(0.05)',
        'print(len(tree))',
        'for pid in tree:',
        '    try:\n        os.kill(pid, 9)\n    except PermissionError:\n        print("kill: denied")',
        '    print("ptrace:", libc.ptrace(16, pid, None, None), ctypes.get_errno() == 1)',
        '    for name in ("environ", "mem", "fd"):',
        '        try:\n            os.listdir(f"/proc/{pid}/{name}") if name == "fd" else open(f"/proc/{pid}/{name}", "rb").read(1)\n            print(name, "readable")\n        except PermissionError:\n            print(name, "denied")',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`2\n${'kill: denied\nptrace: -1 True\nenviron denied\nmem denied\nfd denied\n'.repeat(2)}`);
    expect((await session.run(IS_WARM)).stdout).toBe('1\n');
  });

  it('shares nothing between runs: module state, environment, files handed over, processes', async () => {
    await using session = await openWarm();
    const first = await session.run(
      [
        'import os, subprocess, numpy, pandas',
        'numpy.secret = "run one"',
        'pandas.options.display.max_rows = 7',
        'os.environ["LEAK"] = "run one"',
        'subprocess.Popen(["sleep", "60"], start_new_session=True)',
        'print("planted")',
      ].join('\n'),
    );
    expect(first.stdout).toBe('planted\n');
    const second = await session.run(
      [
        'import os, numpy, pandas',
        'print(getattr(numpy, "secret", None), pandas.options.display.max_rows, os.environ.get("LEAK"))',
        'print([p for p in os.listdir("/proc") if p.isdigit() and open(f"/proc/{p}/cmdline", "rb").read().startswith(b"sleep")])',
      ].join('\n'),
    );
    expect(second.stdout).toBe('None 60 None\n[]\n');
  });

  it("does not let a process outlive its run by joining the fork server's process group (which the supervisor spares)", async () => {
    await using session = await openWarm();
    const first = await session.run(
      [
        'import os, subprocess',
        'def cmdline(p):\n    try:\n        return open(f"/proc/{p}/cmdline", "rb").read()\n    except OSError:\n        return b""',
        'server = next(int(p) for p in os.listdir("/proc") if p.isdigit() and os.getpgid(int(p)) == int(p) and b"-P\\0-c" in cmdline(p))',
        'child = subprocess.Popen(["sleep", "61"], preexec_fn=lambda: os.setpgid(0, server))',
        'print(os.getpgid(child.pid) == server)',
      ].join('\n'),
    );
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('True\n');
    const second = await session.run(
      'import os\nprint([p for p in os.listdir("/proc") if p.isdigit() and open(f"/proc/{p}/cmdline", "rb").read().startswith(b"sleep")])',
    );
    expect(second.stdout).toBe('[]\n');
    expect((await session.run(IS_WARM)).stdout).toBe('1\n');
  });

  it('runs threads, every multiprocessing start method and multi-threaded BLAS', async () => {
    await using session = await openWarm();
    const result = await session.run(
      [
        'import multiprocessing as mp, threading, numpy as np',
        'def square(x):\n    return x * x',
        'if __name__ == "__main__":',
        '    out = []',
        '    t = threading.Thread(target=lambda: out.append("thread"))',
        '    t.start(); t.join()',
        '    print(out[0])',
        '    for method in ("fork", "spawn", "forkserver"):',
        '        with mp.get_context(method).Pool(2) as pool:',
        '            print(method, pool.map(square, [1, 2, 3]))',
        '    a = np.ones((300, 300))',
        '    print(float((a @ a).sum()))',
      ].join('\n'),
      { timeoutMs: 60_000 },
    );
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: 'thread\nfork [1, 4, 9]\nspawn [1, 4, 9]\nforkserver [1, 4, 9]\n27000000.0\n',
    });
  });

  it('kills a run at its timeout and keeps serving warm runs', async () => {
    await using session = await openWarm();
    await expect(session.run('import os\nos.fork()\nwhile True:\n    pass', { timeoutMs: 1500 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    const after = await session.run(
      'import os\nprint([p for p in os.listdir("/proc") if p.isdigit() and os.stat(f"/proc/{p}").st_uid == 1000 and int(p) != os.getpid()])',
    );
    expect(after.stdout).toBe('[]\n');
    expect((await session.run(IS_WARM)).stdout).toBe('1\n');
  });

  it('survives a fork bomb at pidsLimit 64: the run times out, the next runs work and are warm again', async () => {
    await using session = await untilWarm(
      await createSession({ lang: 'python', warmStart: true, runtimeConfig: { pidsLimit: 64 } }, dockerRegistry()),
    );
    const bomb = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';
    await expect(session.run(bomb, { timeoutMs: 2000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
    expect(await session.run('print(1)')).toMatchObject({ exitCode: 0, stdout: '1\n' });
    await untilWarm(session);
  });

  it('draws a matplotlib plot to a file in a warm run', async () => {
    await using session = await openWarm();
    const result = await session.run(
      'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.savefig("/tmp/p.png")\nprint(open("/tmp/p.png", "rb").read(4))',
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: "b'\\x89PNG'\n" });
  });

  it('restarts the server after an install, so the installed package wins', async () => {
    await using session = await openWarm();
    await session.install(['tabulate==0.9.0']);
    await untilWarm(session);
    const result = await session.run('import tabulate, sys\nprint(tabulate.__version__, int(sys.flags.safe_path))');
    expect(result).toMatchObject({ exitCode: 0, stdout: '0.9.0 1\n' });
  });

  it('never runs code the sandbox user planted as root, not even after a restart', async () => {
    await using session = await openWarm();
    // Each trap records who ran it; a trap that ran as root would have steered the server.
    const trap = 'import os\nopen(f"/tmp/trap-{os.getuid()}-{os.getpid()}", "w").close()\n';
    const pthTrap = 'import os; open(f"/tmp/trap-{os.getuid()}-pth", "w").close()\n';
    const planted = await session.run(
      [
        'import os, site',
        `trap = ${JSON.stringify(trap)}`,
        'user_site = site.getusersitepackages()',
        'os.makedirs(user_site, exist_ok=True)',
        'for folder in ("/sandbox", "/tmp", user_site):',
        '    for name in ("numpy.py", "pandas.py", "sitecustomize.py", "usercustomize.py", "encodings.py", "json.py"):',
        '        open(os.path.join(folder, name), "w").write(trap)',
        `open(os.path.join(user_site, "trap.pth"), "w").write(${JSON.stringify(pthTrap)})`,
        'print("planted")',
      ].join('\n'),
    );
    expect(planted).toMatchObject({ stderr: '', stdout: 'planted\n' });
    await session.install(['tabulate==0.9.0']); // restarts the server
    await untilWarm(session);
    const traps = await session.run('import os\nprint(sorted({n.split("-")[1] for n in os.listdir("/tmp") if n.startswith("trap-")}))');
    // The runs' own user site hooks ran as the user, as they would cold; nothing ran as root.
    expect(traps.stdout).toBe("['1000']\n");
  });

  it('stops serving warm runs when an install shadows a preloaded module, so the new version wins', async () => {
    await using session = await openWarm();
    await session.install(['pyparsing==3.1.1']); // matplotlib imports pyparsing; Debian's is older
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the restarted server checks and exits
    const result = await session.run('import sys, pyparsing, matplotlib.pyplot\nprint(pyparsing.__version__, int(sys.flags.safe_path))');
    expect(result).toMatchObject({ exitCode: 0, stdout: '3.1.1 0\n' });
  });
});
