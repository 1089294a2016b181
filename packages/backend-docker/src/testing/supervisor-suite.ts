import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createSession, SandboxTimeoutError, type PluginRegistry, type Session } from '@llmsb/core';
import { PROCESS_LISTING } from './process-listing.js';
import { DETACHING_PROGRAM, SUPERVISOR_ACCESS_PROBE } from './supervisor-probe.js';

export interface SupervisorSuiteOptions {
  /** Engine name in test names, e.g. `Docker`. */
  readonly name: string;
  /** Backend name for string config (the dead-owner test opens a session in another process). */
  readonly backend: string;
  readonly registry: () => PluginRegistry;
  /** The engine's dockerode client, for inspecting containers. */
  readonly engine: () => Docker;
  /** A directory whose package resolves `@llmsb/core`, the backend and `@llmsb/lang-python`. */
  readonly pluginsDirectory: string;
}

/**
 * The supervisor's guarantees on an engine that speaks the Docker API, asserted on real
 * containers: calls over one stream, nothing a call started survives it, user code cannot signal,
 * trace, read or impersonate the supervisor, deadlines and output caps inside, the dead-owner switch.
 */
export function describeSupervisor({ name, backend, registry, engine, pluginsDirectory }: SupervisorSuiteOptions): void {
  const open = (options = {}): Promise<Session> => createSession({ backend, lang: 'python', supervisor: true, ...options }, registry());

  describe(`the supervisor on ${name}`, () => {
    it('serves calls over its stream and reports resource usage', async () => {
      await using session = await open();
      expect(session.execPath).toBe('supervisor');
      const info = await engine()
        .getContainer(session.containerId ?? '')
        .inspect();
      expect(info.Path).toBe('/.llmsb/supervisor');
      expect(info.HostConfig.LogConfig?.Type).toBe('none');
      const result = await session.run('x = sum(i * i for i in range(3_000_000))\nprint(x > 0)');
      expect(result.stdout).toBe('True\n');
      expect(result.usage?.cpuMs).toBeGreaterThan(0);
      expect(result.usage?.peakMemoryKB).toBeGreaterThan(1000);
      expect(result.usage?.wallMs).toBeGreaterThan(0);
    });

    it('kills a process that detached from a run before the run returns', async () => {
      await using session = await open();
      expect((await session.run(DETACHING_PROGRAM)).stdout).toBe('planted\n');
      const listing = await session.executeCommand(PROCESS_LISTING);
      expect(listing.stdout).not.toMatch(/sleep 30[01]/);
    });

    it('a detached process cannot read a later call’s environment or write into its output', async () => {
      await using session = await open();
      const planter = [
        'import os, time',
        'if os.fork() == 0:',
        '    os.setsid()',
        '    for _ in range(200):',
        '        for pid in os.listdir("/proc"):',
        '            try:',
        '                env = open(f"/proc/{pid}/environ", "rb").read()',
        '                if b"API_KEY" in env: open("/sandbox/stolen", "wb").write(env)',
        '            except Exception: pass',
        '            try: open(f"/proc/{pid}/fd/1", "w").write("INJECTED\\n")',
        '            except Exception: pass',
        '        time.sleep(0.05)',
        '    os._exit(0)',
        'print("planted")',
      ].join('\n');
      expect((await session.run(planter)).stdout).toBe('planted\n');
      const secret = await session.executeCommand('sleep 1; echo done', { env: { API_KEY: 'hunter2' } });
      expect(secret.stdout).toBe('done\n');
      const stolen = await session.executeCommand('cat /sandbox/stolen 2>/dev/null || echo nothing');
      expect(stolen.stdout).toBe('nothing\n');
    });

    it('user code cannot signal, trace or read the supervisor, and forged frames stay plain stdout', async () => {
      await using session = await open();
      const result = await session.run(SUPERVISOR_ACCESS_PROBE);
      const lines = result.stdout.split('\n');
      expect(lines.slice(0, 4)).toEqual(['kill 1', 'environ 13', 'fds 13', 'ptrace 1']);
      expect(result.stdout).toContain('"exitCode": 0');
      expect(result.stdout.endsWith('\nafter\n')).toBe(true);
      expect((await session.run('print("still served")')).stdout).toBe('still served\n');
    });

    it('runs user code with no capabilities and the supervisor as root with only the ones it needs', async () => {
      await using session = await open();
      const user = await session.executeCommand(['sh', '-c', 'id -u; grep CapEff /proc/self/status']);
      expect(user.stdout).toBe('1000\nCapEff:\t0000000000000000\n');
      // CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID for root steps, KILL for the supervisor: 0xeb.
      const supervisor = await session.executeCommand(['sh', '-c', 'grep -E "^(Uid|CapEff)" /proc/1/status']);
      expect(supervisor.stdout).toMatch(/^Uid:\t0\t0\t0\t0\nCapEff:\t00000000000000eb\n$/);
      const info = await engine()
        .getContainer(session.containerId ?? '')
        .inspect();
      expect(info.HostConfig.SecurityOpt).toContain('no-new-privileges');
    });

    it('ends a timed-out call inside the sandbox and stays usable', async () => {
      await using session = await open();
      const started = Date.now();
      await expect(session.run('import time\nprint("begun", flush=True)\ntime.sleep(60)', { timeoutMs: 2_000 })).rejects.toSatisfy(
        (error) => error instanceof SandboxTimeoutError && error.stdout === 'begun\n',
      );
      expect(Date.now() - started).toBeLessThan(15_000);
      expect((await session.run('print("next")')).stdout).toBe('next\n');
    });

    it('survives a fork bomb at pidsLimit 64: the bomb dies at its timeout and the next call works', async () => {
      await using session = await open({ runtimeConfig: { pidsLimit: 64 } });
      const bomb = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';
      await expect(session.run(bomb, { timeoutMs: 2_000 })).rejects.toBeInstanceOf(SandboxTimeoutError);
      expect((await session.run('print("recovered")')).stdout).toBe('recovered\n');
    });

    it('caps output inside the sandbox: head and tail kept, the middle dropped and counted', async () => {
      await using session = await open({ maxOutputBytes: 1000 });
      const result = await session.run("import sys\nsys.stdout.write('a' * 600 + 'b' * 1_000_000 + 'c' * 600)");
      expect(result.truncated).toBe(true);
      expect(result.stdout.startsWith('a'.repeat(500))).toBe(true);
      expect(result.stdout.endsWith('c'.repeat(500))).toBe(true);
      expect(result.stdout.length).toBeLessThan(2000);
    });

    // The owner dies in the middle of a run, or of an install (online, under network 'install':
    // the language's install command is a long sleep).
    const ownerCalls = {
      'a run': `await session.run('import time\\ntime.sleep(600)', { timeoutMs: null });`,
      'an install': `await session.install(['anything'], { timeoutMs: null });`,
    };
    it.each(Object.entries(ownerCalls))(
      'removes the sandbox when its owner process is SIGKILLed during %s (dead-owner switch)',
      async (_what, call) => {
        const owner = spawn(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `import { createSession } from '@llmsb/core';
           import { python } from '@llmsb/lang-python';
           const lang = { ...python(), installCommand: () => 'sleep 600' };
           const session = await createSession({ backend: '${backend}', lang, supervisor: true, ownerGraceMs: 2000 });
           console.log(session.containerId);
           ${call}`,
          ],
          { cwd: pluginsDirectory, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        const id = await new Promise<string>((resolve, reject) => {
          owner.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
          owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        owner.kill('SIGKILL');
        const killedAt = Date.now();
        while (Date.now() - killedAt < 60_000) {
          const exists = await engine()
            .getContainer(id)
            .inspect()
            .then(
              () => true,
              () => false,
            );
          if (!exists) return;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        throw new Error(`container ${id} still exists 60 s after its owner died`);
      },
    );
  });
}
