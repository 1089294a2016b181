import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerError, SandboxFileNotFoundError } from '../errors.js';
import { packFiles, readTar } from '../tar.js';
import type { ContainerAPI, ExecRequest } from '../types.js';

export interface ConformanceOptions {
  /** Per-test timeout; real engines need more than the fake. Default: 30 000 ms. */
  readonly timeoutMs?: number;
  /** The sandbox's workdir (where relative paths land). Default: `/sandbox`. */
  readonly workdir?: string;
}

/**
 * The contract every backend must honour, written at the `ContainerAPI` level with a small
 * POSIX command set (echo, printf to stderr, cat, exit N, sleep). Run it from a backend's tests:
 * `describeBackend('docker', () => openDockerContainer())`.
 */
export function describeBackend(name: string, open: () => Promise<ContainerAPI>, options: ConformanceOptions = {}): void {
  const timeout = options.timeoutMs ?? 30_000;
  const workdir = options.workdir ?? '/sandbox';

  describe(`${name} backend conformance`, { timeout }, () => {
    let container: ContainerAPI;
    beforeAll(async () => {
      container = await open();
    }, timeout * 4);
    afterAll(async () => {
      await container?.close();
    }, timeout);

    it('runs an argv without a shell and returns stdout and exit code 0', async () => {
      const result = await run(container, { argv: ['echo', 'hello', '$HOME'] });
      expect(result).toEqual({ exitCode: 0, stdout: 'hello $HOME\n', stderr: '' });
    });

    it('keeps stderr apart from stdout and returns a non-zero exit code', async () => {
      const result = await run(container, { argv: ['/bin/sh', '-c', 'echo out; printf err >&2; exit 3'] });
      expect(result).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err' });
    });

    it('feeds stdin to the process and closes it', async () => {
      const text = 'line one\nzwei — ✓\n'.repeat(2000);
      const result = await run(container, { argv: ['cat'], stdin: Buffer.from(text) });
      expect(result.stdout).toBe(text);
    });

    it('passes environment variables and the working directory', async () => {
      const result = await run(container, {
        argv: ['/bin/sh', '-c', 'echo "$LLMSB_CONFORMANCE"; pwd'],
        env: { LLMSB_CONFORMANCE: 'value with spaces' },
        workdir: '/tmp',
      });
      expect(result.stdout).toBe('value with spaces\n/tmp\n');
    });

    it('kills a sleeping process on abort and stays usable', async () => {
      const controller = new AbortController();
      const reason = new Error('stop');
      const started = Date.now();
      setTimeout(() => controller.abort(reason), 300);
      await expect(run(container, { argv: ['sleep', '30'], signal: controller.signal })).rejects.toBe(reason);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect((await run(container, { argv: ['echo', 'after'] })).stdout).toBe('after\n');
    });

    it('round-trips files, including an empty one, through archives', async () => {
      const tar = await packFiles([
        { name: 'conformance/a.txt', content: 'alpha' },
        { name: 'conformance/empty', content: '' },
      ]);
      await container.putArchive(workdir, tar);
      const cat = await run(container, { argv: ['cat', `${workdir}/conformance/a.txt`] });
      expect(cat.stdout).toBe('alpha');
      const single = await readTar(await container.getArchive(`${workdir}/conformance/empty`));
      expect(single.map((e) => [e.header.name, e.content.byteLength])).toEqual([['empty', 0]]);
      const directory = await readTar(await container.getArchive(`${workdir}/conformance`));
      const names = directory
        .filter((e) => e.header.type === 'file')
        .map((e) => e.header.name)
        .sort();
      expect(names).toEqual(['conformance/a.txt', 'conformance/empty']);
    });

    it('reports a missing path as SandboxFileNotFoundError', async () => {
      await expect(container.getArchive(`${workdir}/does-not-exist`)).rejects.toBeInstanceOf(SandboxFileNotFoundError);
    });

    it('closes idempotently, after which exec fails with ContainerError', async () => {
      const extra = await open();
      await extra.close();
      await extra.close();
      await expect(run(extra, { argv: ['echo', 'x'] })).rejects.toBeInstanceOf(ContainerError);
    });
  });
}

// --- Internal helpers ---

async function run(
  container: ContainerAPI,
  request: Omit<ExecRequest, 'onStdout' | 'onStderr'>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const { exitCode } = await container.exec({
    ...request,
    onStdout: (chunk) => stdout.push(Buffer.from(chunk)),
    onStderr: (chunk) => stderr.push(Buffer.from(chunk)),
  });
  return { exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}
