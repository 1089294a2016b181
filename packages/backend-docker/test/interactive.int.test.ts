// Interactive sessions on Docker: a real Jupyter kernel behind the supervisor, cells sharing state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CellTimeoutError,
  createInteractiveSession,
  createPool,
  KernelDiedError,
  SandboxTimeoutError,
  ValidationError,
  type InteractiveSession,
  type KernelStartOptions,
  type SessionOptions,
  type UpstreamInteractiveOptions,
} from '@llmsb/core';
import { dockerRegistry, pythonOnDocker, requireDocker } from './helpers.js';

const open = (options: Omit<SessionOptions, 'lang' | 'backend'> & KernelStartOptions & UpstreamInteractiveOptions = {}) =>
  createInteractiveSession({ ...pythonOnDocker, ...options }, dockerRegistry());

describe('an interactive Python session on Docker', () => {
  let kernel: InteractiveSession;
  beforeAll(async () => {
    await requireDocker();
    kernel = await open({ interruptGraceMs: 1000 });
  }, 120_000);
  afterAll(async () => {
    await kernel?.close();
  });

  it('keeps a variable between cells: x = 1, then print(x + 1) prints 2', async () => {
    expect(await kernel.run('x = 1')).toMatchObject({ exitCode: 0, stdout: '', stderr: '', success: true, results: [] });
    expect(await kernel.run('print(x + 1)')).toMatchObject({ exitCode: 0, stdout: '2\n', success: true, results: [] });
  });

  it('keeps imports, functions and files, and returns the last expression as text/plain', async () => {
    await kernel.run(
      'import math\ndef area(r):\n    return math.pi * r * r\nopen("notes.txt", "w").write("kept")\nopen("helper_mod.py", "w").write("VALUE = 7")',
    );
    const result = await kernel.run('import helper_mod\nround(area(2), 3), open("notes.txt").read(), helper_mod.VALUE');
    expect(result.results).toEqual([{ 'text/plain': "(12.566, 'kept', 7)" }]);
    expect(result.executionCount).toBeGreaterThan(1);
  });

  it('returns a matplotlib figure as image/png and a pandas display as text/html', async () => {
    const plot = await kernel.run('import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()');
    expect(plot.exitCode).toBe(0);
    expect(plot.results).toHaveLength(1);
    expect(Buffer.from(String(plot.results[0]?.['image/png']), 'base64').subarray(1, 4).toString()).toBe('PNG');
    const table = await kernel.run('import pandas as pd\ndisplay(pd.DataFrame({"a": [1, 2]}))');
    expect(String(table.results[0]?.['text/html'])).toContain('<table');
    expect(table.results[0]?.['text/plain']).toContain('a');
  });

  it('reports an exception as data: exitCode 1 and a traceback without colour codes', async () => {
    const result = await kernel.run('1 / 0');
    expect(result).toMatchObject({ exitCode: 1, success: false, error: { name: 'ZeroDivisionError', value: 'division by zero' } });
    expect(result.error?.traceback.join('\n')).toContain('ZeroDivisionError');
    expect(result.error?.traceback.join('\n')).not.toContain('\u001b');
  });

  it('streams stdout as the cell runs', async () => {
    const chunks: string[] = [];
    const result = await kernel.run('import sys, time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.05)', {
      onStdout: (text) => chunks.push(text),
    });
    expect(result.stdout).toBe('0\n1\n2\n');
    expect(chunks.join('')).toBe('0\n1\n2\n');
  });

  it('interrupts a cell at its timeout and keeps the variables', async () => {
    await kernel.run('kept = 41');
    const timedOut = await kernel
      .run('print("before", flush=True)\nimport time\ntime.sleep(60)', { timeoutMs: 1500 })
      .catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(CellTimeoutError);
    expect(timedOut).toMatchObject({ code: 'LLMSB_SANDBOX_TIMEOUT', kernelRestarted: false, stdout: 'before\n' });
    expect((await kernel.run('print(kept + 1)')).stdout).toBe('42\n');
  });

  it('ends every process a cell started, detached ones too, and keeps the kernel', async () => {
    const started = await kernel.run(
      'import subprocess\nchild = subprocess.Popen(["sleep", "300"])\nsubprocess.run("setsid sleep 301 &", shell=True)\nprint(child.pid)',
    );
    expect(started.exitCode).toBe(0);
    const after = await kernel.run(
      'import os\nalive = [open(f"/proc/{p}/cmdline").read() for p in os.listdir("/proc") if p.isdigit() and os.path.exists(f"/proc/{p}/cmdline") and open(f"/proc/{p}/stat").read().split(") ")[1][0] != "Z"]\nprint(child.poll(), [c for c in alive if c.startswith("sleep")])',
    );
    expect(after.stdout).toBe('-9 []\n');
  });

  it("cannot reach the bridge that answers for it: its stream is not the code's to write", async () => {
    const result = await kernel.run(
      'import os\nbridge = os.getppid()\ntry:\n    open(f"/proc/{bridge}/fd/1", "w")\n    print("opened")\nexcept OSError as e:\n    print(type(e).__name__)',
    );
    expect(result.stdout).toBe('PermissionError\n');
  });

  it('restarts with a clean kernel, ignoring modules and startup files the code planted', async () => {
    await kernel.run(
      [
        'import os',
        'for name in ("json.py", "jupyter_client.py", "sitecustomize.py"):',
        '    open(name, "w").write("raise SystemExit(3)\\n")',
        'startup = os.path.expanduser("~/.ipython/profile_default/startup")',
        'os.makedirs(startup, exist_ok=True)',
        'open(os.path.join(startup, "00-evil.py"), "w").write("planted = True\\n")',
      ].join('\n'),
    );
    await kernel.restart();
    expect(kernel.isAlive()).toBe(true);
    const result = await kernel.run('print("planted" in globals(), "kept" in globals())');
    expect(result.stdout).toBe('False False\n');
    await kernel.run('import os\nfor name in ("json.py", "jupyter_client.py", "sitecustomize.py"):\n    os.remove(name)');
  });

  it('gives a typed error when the kernel dies, and the next cell gets a fresh kernel', async () => {
    await kernel.run('doomed = 1');
    const starts = kernel.kernelStarts;
    const died = await kernel.run('import os, signal\nos.kill(os.getpid(), signal.SIGKILL)').catch((error: unknown) => error);
    expect(died).toBeInstanceOf(KernelDiedError);
    expect(kernel.isAlive()).toBe(false);
    const next = await kernel.run('print("doomed" in globals())');
    expect(next.stdout).toBe('False\n');
    expect(kernel.kernelStarts).toBe(starts + 1);
  });

  it('survives a cell that kills the bridge: a typed error, then a fresh kernel', async () => {
    const died = await kernel.run('import os, signal\nos.kill(os.getppid(), signal.SIGKILL)').catch((error: unknown) => error);
    expect(died).toBeInstanceOf(KernelDiedError);
    expect(kernel.isAlive()).toBe(false);
    expect((await kernel.run('print(6 * 7)')).stdout).toBe('42\n');
    expect(kernel.isAlive()).toBe(true);
  });

  it('restarts a kernel that ignores the interrupt, and says the state is lost', async () => {
    const timedOut = await kernel
      .run('import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(60)', { timeoutMs: 500 })
      .catch((error: unknown) => error);
    expect(timedOut).toMatchObject({ code: 'LLMSB_SANDBOX_TIMEOUT', kernelRestarted: true });
    expect((await kernel.run('print("signal" in globals())')).stdout).toBe('False\n');
  });
});

describe('installing between interactive cells on Docker', () => {
  it('stops the kernel while the installer runs, so no code of the session runs beside it; the next cell sees the library', async () => {
    await requireDocker();
    await using kernel = await open();
    await kernel.run('import threading, time\nbefore = 1\nthreading.Thread(target=lambda: time.sleep(600), daemon=True).start()');
    const starts = kernel.kernelStarts;
    await kernel.install(['tabulate==0.9.0']);
    const after = await kernel.run('import tabulate\nprint("before" in globals(), tabulate.__version__)');
    expect(after.stdout).toBe('False 0.9.0\n');
    expect(kernel.kernelStarts).toBe(starts + 1);
  });
});

describe('pip inside a cell on Docker', () => {
  it("runs offline under network 'install' (the default): %pip and !pip reach no index", async () => {
    await requireDocker();
    await using kernel = await open();
    await kernel.run('%pip download six --no-deps --retries 0 --timeout 3 -d /tmp/pip-magic');
    await kernel.run('!pip download six --no-deps --retries 0 --timeout 3 -d /tmp/pip-shell');
    const fetched = await kernel.run(
      'import os\nprint([len(os.listdir(d)) if os.path.isdir(d) else 0 for d in ("/tmp/pip-magic", "/tmp/pip-shell")])',
    );
    expect(fetched.stdout).toBe('[0, 0]\n');
  });

  it("fetches with %pip when the session is online (network 'bridge'): the offline test above can fail", async () => {
    await requireDocker();
    await using kernel = await open({ runtimeConfig: { network: 'bridge' } });
    await kernel.run('%pip download six --no-deps --retries 2 --timeout 30 -d /tmp/pip-magic');
    expect((await kernel.run('import os\nprint(len(os.listdir("/tmp/pip-magic")))')).stdout).toBe('1\n');
  });
});

describe('interactive output bounds on Docker', () => {
  it("caps a cell's output at maxOutputBytes and keeps head and tail", async () => {
    await using kernel = await open({ maxOutputBytes: 1000 });
    const result = await kernel.run('print("a" * 100_000 + "END")\nfor i in range(50):\n    display({"text/plain": "x" * 100}, raw=True)');
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(1000);
    expect(result.stdout.endsWith('END\n')).toBe(true);
    expect(result.results.length).toBeLessThan(50);
  });
});

describe('interrupting an interactive cell on Docker', () => {
  it('interrupt() and an aborted signal stop the cell with KeyboardInterrupt and keep the variables', async () => {
    await using kernel = await open();
    await kernel.run('kept = "yes"');
    const running = kernel.run('import time\ntime.sleep(60)');
    setTimeout(() => kernel.interrupt(), 500);
    expect(await running).toMatchObject({ exitCode: 1, error: { name: 'KeyboardInterrupt' } });
    const aborted = await kernel.run('import time\ntime.sleep(60)', { signal: AbortSignal.timeout(500) }).catch((error: unknown) => error);
    expect(aborted).toMatchObject({ name: 'TimeoutError' });
    expect((await kernel.run('print(kept)')).stdout).toBe('yes\n');
  });

  it("rejects an aborted cell with the signal's own reason, not a SandboxTimeoutError, and never starts a cell aborted in the queue", async () => {
    await using kernel = await open();
    const controller = new AbortController();
    const reason = new Error('the user left');
    const running = kernel.run('import time\ntime.sleep(60)', { signal: controller.signal }).catch((error: unknown) => error);
    const queued = kernel.run('ran_after_abort = True', { signal: controller.signal }).catch((error: unknown) => error);
    setTimeout(() => controller.abort(reason), 300);
    expect(await running).toBe(reason);
    expect(await running).not.toBeInstanceOf(SandboxTimeoutError);
    expect(await queued).toBe(reason);
    expect((await kernel.run('print("ran_after_abort" in globals())')).stdout).toBe('False\n');
  });
});

describe("upstream's option names on Docker", () => {
  it("max_memory sets the memory limit, history_size the output cache, timeout the cells' default timeout", async () => {
    const docker = await requireDocker();
    // diskMB: null, so the engine's limit is the memory alone (the sized tmpfs count against it).
    await using kernel = await open({ kernel_type: 'ipython', max_memory: '300MB', history_size: 7, timeout: 1.5, runtimeConfig: { diskMB: null } });
    const info = await docker.getContainer(kernel.session.containerId ?? '').inspect();
    expect(info.HostConfig.Memory).toBe(300 * 1024 * 1024);
    const seen = await kernel.run('print(get_ipython().displayhook.cache_size)');
    expect(seen.stdout).toBe('7\n');
    const timedOut = await kernel.run('import time\ntime.sleep(30)').catch((error: unknown) => error);
    expect(timedOut).toMatchObject({ code: 'LLMSB_SANDBOX_TIMEOUT', timeoutMs: 1500 });
  });

  it("refuses upstream's options we do not take with a ValidationError before any sandbox starts", async () => {
    await expect(open({ enable_magic: true } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(open({ kernel_type: 'standard' } as never)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('resource usage per interactive cell on Docker', () => {
  it("reports the kernel's CPU, this cell's peak memory and the wall time", async () => {
    await requireDocker();
    await using kernel = await open();
    const busy = await kernel.run(
      'import time\nblock = bytearray(150 * 1024 * 1024)\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\ndel block',
    );
    expect(busy.usage?.peakMemoryKB).toBeGreaterThan(150 * 1024);
    expect(busy.usage?.cpuMs).toBeGreaterThanOrEqual(250);
    expect(busy.usage?.wallMs).toBeGreaterThanOrEqual(busy.usage?.cpuMs ?? 0);
    const idle = await kernel.run('x = 1');
    expect(idle.usage?.peakMemoryKB).toBeLessThan(150 * 1024);
    expect(idle.usage?.cpuMs).toBeLessThan(250);
  });
});

describe('an interactive session on a pool', () => {
  it("starts its kernel on a pool's never-used sandbox, keeps state across cells, and leaves nothing to the next user", async () => {
    await requireDocker();
    await using pool = await createPool({ ...pythonOnDocker, min: 1, max: 2 }, dockerRegistry());
    const first = await createInteractiveSession({ pool });
    await first.run('x = 1\nopen("mine.txt", "w").write("first user")');
    expect((await first.run('print(x + 1)')).stdout).toBe('2\n');
    await first.close();
    await using second = await createInteractiveSession({ pool });
    const next = await second.run('import os\nprint("x" in globals(), os.path.exists("mine.txt"))');
    expect(next.stdout).toBe('False False\n');
  });
});
