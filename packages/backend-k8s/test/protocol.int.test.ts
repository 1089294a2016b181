// Edge cases of the pods/exec WebSocket protocol, against the test fixture (a small API server
// of our own; exec maps to `docker exec`), for both v5 and v4 of the channel protocol.
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, Exec, type V1Status } from '@kubernetes/client-node';
import { ContainerError, type ContainerAPI, type ExecRequest } from '@llmsb/core';
import { openK8sPod } from '@llmsb/backend-k8s';
import { startFixture, type Fixture } from './fixture/api-server.js';
import { V4, V5 } from './fixture/exec-socket.js';
import { openContext, requirePythonImage } from './helpers.js';

const MB = 1024 * 1024;

beforeAll(requirePythonImage);

describe.each([V5, V4])('the exec protocol %s (test fixture)', (protocol) => {
  let fixture: Fixture;
  let pod: ContainerAPI;
  beforeAll(async () => {
    fixture = await startFixture({ protocols: [protocol] });
    pod = await openK8sPod(openContext({ client: fixture.kubeConfig() }));
  });
  afterAll(async () => {
    await pod?.close();
    await fixture?.close();
  });

  it('reads every exit code from the status frame, including ones above 128 while the pod lives', async () => {
    for (const code of [0, 1, 2, 42, 127, 255]) {
      expect((await run(pod, { argv: ['/bin/sh', '-c', `exit ${code}`] })).exitCode).toBe(code);
    }
    expect((await run(pod, { argv: ['/bin/sh', '-c', 'kill -9 $$'] })).exitCode).toBe(137);
  });

  it('delivers 1 MB of stdout and 1 MB of stderr untruncated, each on its own channel', async () => {
    const result = await run(pod, {
      argv: ['/bin/sh', '-c', `head -c ${MB} /dev/zero | tr '\\000' o; head -c ${MB} /dev/zero | tr '\\000' e >&2; exit 5`],
    });
    expect(result.exitCode).toBe(5);
    expect(result.stdout.length).toBe(MB);
    expect(result.stderr.length).toBe(MB);
    expect(result.stdout.replaceAll('o', '')).toBe('');
    expect(result.stderr.replaceAll('e', '')).toBe('');
  });

  it('feeds 1 MB of binary stdin exactly and then ends it', async () => {
    const input = Buffer.alloc(MB, 0);
    for (let i = 0; i < input.length; i += 1) input[i] = (i * 7) % 256;
    const result = await run(pod, { argv: ['/bin/sh', '-c', 'cat; echo end >&2'], stdin: input });
    expect(Buffer.compare(result.stdoutBytes, input)).toBe(0);
    expect(result.stderr).toBe('end\n');
  });

  it('reports an exec in a pod deleted behind its back as ContainerError, never as an exit code', async () => {
    const doomed = await openK8sPod(openContext({ client: fixture.kubeConfig() }));
    await fixture.kubeConfig().makeApiClient(CoreV1Api).deleteNamespacedPod({ name: doomed.id, namespace: 'default' });
    const error = await doomed.exec({ argv: ['true'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect((error as Error).message).toMatch(/is deleted; the session cannot continue/);
    await doomed.close();
  });
});

describe('a socket that closes without a status frame (test fixture)', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture({ dropStatus: true });
  });
  afterAll(() => fixture?.close());

  it('is a ContainerError, never exit code 0', async () => {
    // Opening runs no exec, so it succeeds; the first exec must then fail loudly.
    const pod = await openK8sPod(openContext({ client: fixture.kubeConfig() }));
    try {
      const failure = await pod.exec({ argv: ['true'] }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ContainerError);
      expect((failure as Error).message).toMatch(/closed without an exit status/);
    } finally {
      await pod.close();
    }
  });
});

describe('stdin half-close (test fixture, client-node Exec directly)', () => {
  let fixture: Fixture;
  let pod: ContainerAPI;
  beforeAll(async () => {
    fixture = await startFixture();
    pod = await openK8sPod(openContext({ client: fixture.kubeConfig() }));
  });
  afterAll(async () => {
    await pod?.close();
    await fixture?.close();
  });

  it('v5: [255, 0] ends the process stdin and the exit status still arrives', async () => {
    const stdin = new PassThrough();
    const out: Buffer[] = [];
    let status: V1Status | undefined;
    const socket = await new Exec(fixture.kubeConfig()).exec(
      'default',
      pod.id,
      'sandbox',
      ['/bin/sh', '-c', 'wc -c; exit 7'],
      collect(out),
      collect([]),
      stdin,
      false,
      (s) => (status = s),
    );
    expect(socket.protocol).toBe(V5);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    stdin.end('12345');
    await closed;
    expect(Buffer.concat(out).toString().trim()).toBe('5');
    expect(status?.details?.causes).toEqual([{ reason: 'ExitCode', message: '7' }]);
  });
});

// --- Internal helpers ---

async function run(container: ContainerAPI, request: Omit<ExecRequest, 'onStdout' | 'onStderr'>) {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const { exitCode } = await container.exec({
    ...request,
    onStdout: (c) => stdout.push(Buffer.from(c)),
    onStderr: (c) => stderr.push(Buffer.from(c)),
  });
  const stdoutBytes = Buffer.concat(stdout);
  return { exitCode, stdoutBytes, stdout: stdoutBytes.toString('latin1'), stderr: Buffer.concat(stderr).toString('utf8') };
}

function collect(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk);
      done();
    },
  });
}
