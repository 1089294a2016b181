import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLlmsb, type Outcome } from './run-llmsb.js';

const TIMEOUT_MS = 60_000;

/** The test cluster's kubeconfig (scripts/k8s/cluster.sh; scripts/test.sh exports the variable). */
const TEST_KUBECONFIG = process.env.LLMSB_K8S_KUBECONFIG ?? '/var/lib/llmsb-k8s/llmsb-tests.kubeconfig';

const llmsb = (args: readonly string[], stdin?: string, env: NodeJS.ProcessEnv = {}): Promise<Outcome> => runLlmsb(args, { stdin, env });

describe('llmsb run', () => {
  it('prints only the program output on stdout and exits 0', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['run', '--lang', 'python', '-e', 'print(6*7)']);
    expect(stdout).toBe('42\n');
    expect(code).toBe(0);
  });

  it("exits with the program's exit code", { timeout: TIMEOUT_MS }, async () => {
    const { code } = await llmsb(['run', '--lang', 'python', '-e', 'import sys; sys.exit(5)']);
    expect(code).toBe(5);
  });

  it('runs on Podman with --backend podman and keeps the exit code', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['run', '--backend', 'podman', '--lang', 'python', '-e', 'import sys; print("on podman"); sys.exit(5)']);
    expect(stdout).toBe('on podman\n');
    expect(code).toBe(5);
  });

  it('runs in a pod of the current kube config context with --backend kubernetes', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(
      ['run', '--backend', 'kubernetes', '--lang', 'python', '-e', 'import sys; print("in a pod"); sys.exit(4)'],
      undefined,
      {
        KUBECONFIG: TEST_KUBECONFIG,
      },
    );
    expect(stdout).toBe('in a pod\n');
    expect(code).toBe(4);
  });

  it('bounds the disk with --disk-mb, and turns the bound off with --disk-mb none', { timeout: TIMEOUT_MS }, async () => {
    const fill = "import errno\ntry:\n    open('/tmp/f', 'wb').write(b'x' * (20 << 20))\nexcept OSError as e:\n    print(errno.errorcode[e.errno])";
    const bounded = await llmsb(['run', '--lang', 'python', '--disk-mb', '16', '-e', fill]);
    expect(bounded).toMatchObject({ code: 0, stdout: 'ENOSPC\n' });
    const unbounded = await llmsb([
      'run',
      '--lang',
      'python',
      '--disk-mb',
      'none',
      '-e',
      "import os\nprint(os.statvfs('/tmp').f_bsize > 0, open('/proc/mounts').read().count(' /tmp tmpfs'))",
    ]);
    expect(unbounded).toMatchObject({ code: 0, stdout: 'True 0\n' });
  });

  it('takes each network mode, and says in --help that install is the default', { timeout: TIMEOUT_MS }, async () => {
    const probe =
      "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('online')\nexcept OSError:\n    print('offline')";
    for (const mode of ['install', 'none']) {
      const { code, stdout } = await llmsb(['run', '--lang', 'python', '--network', mode, '-e', probe]);
      expect([mode, code, stdout]).toEqual([mode, 0, 'offline\n']);
    }
    const help = await llmsb(['run', '--help']);
    expect(help.stdout).toMatch(/--network MODE +install \(default: offline while code runs/);
  });

  it("rejects an unknown --backend with llmsb's own exit code 125", { timeout: TIMEOUT_MS }, async () => {
    const { code, stderr } = await llmsb(['run', '--backend', 'nope', '--lang', 'python', '-e', 'print(1)']);
    expect(stderr).toMatch(/^llmsb: --backend must be one of docker, podman, micromamba, kubernetes/);
    expect(code).toBe(125);
  });

  it('reads the code from stdin when neither -e nor a file is given', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['run', '--lang', 'python'], 'print("from stdin")\n');
    expect(stdout).toBe('from stdin\n');
    expect(code).toBe(0);
  });

  it('rejects an unknown language with exit 125 and lists the known ones', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout, stderr } = await llmsb(['run', '--lang', 'cobol', '-e', 'DISPLAY 1']);
    expect(code).toBe(125);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^llmsb: Language "cobol" is not supported\. Available: python/);
  });
});

describe('llmsb doctor', () => {
  it('passes and names the engine it reached', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['doctor']);
    expect(stdout).toMatch(/Docker engine reachable at/);
    expect(stdout).toMatch(/OCI runtimes: .*runc.*runsc.*gVisor/);
    expect(code).toBe(0);
  });
});

describe('llmsb doctor --backend kubernetes', () => {
  it('confirms the test user holds the Role in its namespace, and names what it lacks elsewhere', { timeout: TIMEOUT_MS }, async () => {
    const env = { KUBECONFIG: TEST_KUBECONFIG };
    const ok = await llmsb(['doctor', '--backend', 'kubernetes'], undefined, env);
    expect(ok.stdout).toMatch(/\[ok\] +Kubernetes API server reachable at https:\/\/127\.0\.0\.1:6443 \(v1\.\d+\.\d+\)/);
    expect(ok.stdout).toMatch(/\[ok\] +may run sandboxes in namespace llmsb-test/);
    expect(ok.code).toBe(0);
    const elsewhere = await llmsb(['doctor', '--backend', 'kubernetes', '--namespace', 'default'], undefined, env);
    expect(elsewhere.stdout).toMatch(
      /\[FAIL\] may not create pods, get pods, list pods, delete pods, patch pods, create pods\/exec, .* in namespace default/,
    );
    expect(elsewhere.code).toBe(1);
  });
});

describe('llmsb images prune', () => {
  it("lists in a dry run what it would remove, never this version's images, and exits 0", { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['images', 'prune', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^(nothing to prune\n|((would remove|kept \(a container uses it\))\tllmsb\/\w+:\w+\n)+)$/);
    const current = await llmsb(['images', 'list']);
    for (const line of current.stdout.trim().split('\n')) expect(stdout).not.toContain(line.split('\t')[1]);
  });
});

describe('llmsb images supervisor', () => {
  it("makes the supervisor's image, prints its tag, and the image runs the supervisor", { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['images', 'supervisor']);
    expect(code).toBe(0);
    const tag = stdout.trim();
    expect(tag).toMatch(/^llmsb\/supervisor:\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout: version } = await promisify(execFile)('docker', ['run', '--rm', '--entrypoint', '/llmsb-supervisor', tag, '--version']);
    expect(version).toMatch(/^llmsb-supervisor \S+ \(protocol 1\)\n$/);
  });
});

describe('llmsb cleanup', () => {
  it('reports what it would remove in a dry run and exits 0', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['cleanup', '--dry-run']);
    expect(stdout).toMatch(/would remove \d+, kept \d+/);
    expect(code).toBe(0);
  });

  it("sweeps the kube config context's namespace with --backend kubernetes", { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout } = await llmsb(['cleanup', '--backend', 'kubernetes', '--dry-run'], undefined, { KUBECONFIG: TEST_KUBECONFIG });
    expect(stdout).toMatch(/would remove \d+, kept \d+ \(live owners\) — dry run/);
    expect(code).toBe(0);
  });
});

describe('llmsb run: telling llmsb outcomes from the program exit code', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmsb-exit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs llmsb with --exit-code-json and returns the outcome with the JSON it wrote. */
  async function withReport(args: readonly string[]): Promise<Outcome & { readonly report: unknown }> {
    const path = join(dir, `${Math.random().toString(16).slice(2)}.json`);
    const outcome = await llmsb([...args, '--exit-code-json', path]);
    return { ...outcome, report: JSON.parse(await readFile(path, 'utf8')) };
  }

  it('passes a program exit of 125 through, and the JSON says the program exited', { timeout: TIMEOUT_MS }, async () => {
    const run = await withReport(['run', '--lang', 'python', '-e', 'import sys; sys.exit(125)']);
    expect(run).toMatchObject({ code: 125, stdout: '', stderr: '' });
    expect(run.report).toEqual({ outcome: 'exited', exitCode: 125, programExitCode: 125 });
  });

  it("reports llmsb's own failure as one llmsb: line, exit 125, and an llmsb-error in the JSON", { timeout: TIMEOUT_MS }, async () => {
    const run = await withReport(['run', '--lang', 'cobol', '-e', 'DISPLAY 1']);
    expect(run.code).toBe(125);
    expect(run.stderr.split('\n')[0]).toMatch(/^llmsb: Language "cobol" is not supported/);
    expect(run.report).toMatchObject({ outcome: 'llmsb-error', exitCode: 125, errorCode: 'USAGE', message: expect.stringContaining('cobol') });
  });

  it('exits 124 on timeout with an llmsb: line, and the JSON says timeout', { timeout: TIMEOUT_MS }, async () => {
    const run = await withReport(['run', '--lang', 'python', '--timeout-ms', '1500', '-e', 'print("spinning", flush=True)\nwhile True: pass']);
    expect(run).toMatchObject({ code: 124, stdout: 'spinning\n' });
    expect(run.stderr).toMatch(/^llmsb: timed out after 1500 ms; the program's processes were killed/);
    expect(run.report).toMatchObject({ outcome: 'timeout', exitCode: 124 });
  });

  it(
    "names a failed compile step on stderr and in the JSON, passing the compiler's exit code through (Go's build exits 2)",
    { timeout: TIMEOUT_MS },
    async () => {
      const run = await withReport(['run', '--lang', 'go', '-e', 'package main\nfunc main() { undeclared() }']);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/undefined: undeclared\n(.*\n)*llmsb: the compile step failed with exit code 2; the program did not run\.\n$/);
      expect(run.code).toBe(2);
      expect(run.report).toEqual({ outcome: 'exited', exitCode: 2, programExitCode: 2, failedStep: 'compile' });
    },
  );

  it('adds no llmsb: line when the program itself fails in the run step of a compiled language', { timeout: TIMEOUT_MS }, async () => {
    const run = await withReport(['run', '--lang', 'go', '-e', 'package main\nimport "os"\nfunc main() { os.Exit(2) }']);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: '' });
    expect(run.report).toEqual({ outcome: 'exited', exitCode: 2, programExitCode: 2, failedStep: 'run' });
  });
});
