// Java behaviour on the real engine and the real image (built by `pnpm llmsb images build java`).
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, PluginRegistry, SandboxTimeoutError, ValidationError, type SessionOptions } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { java, javaRecipe, MAVEN_REPOSITORY } from '@llmsb/lang-java';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bridgeGateway, serveDirectory } from '@llmsb/backend-docker/testing';

const PROCESS_LISTING = `for d in /proc/[0-9]*; do tr '\\000' ' ' < $d/cmdline 2>/dev/null; echo; done`;

beforeAll(async () => {
  const { docker } = await connectDocker();
  const image = recipeImageTag(javaRecipe);
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build java\`.`);
});

const open = (options: Partial<SessionOptions> = {}, plugin = java()) =>
  createSession({ lang: 'java', ...options }, new PluginRegistry().use(dockerBackend(), plugin));
const GSON =
  'import com.google.gson.Gson;\nimport java.util.Map;\npublic class Main { public static void main(String[] a) { System.out.println(new Gson().toJson(Map.of("price", 125))); } }';

const HELLO = 'public class Main {\n    public static void main(String[] args) {\n        System.out.println("Hello, World!");\n    }\n}\n';

describe('Java on Docker', () => {
  it('runs the seed example: a public class Main in a file not called Main.java', async () => {
    await using session = await open();
    expect(await session.run(HELLO)).toEqual({ exitCode: 0, stdout: 'Hello, World!\n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('runs a program whose only class is not public, and one in a package', async () => {
    await using session = await open();
    expect(
      (await session.run('class Prog { public static void main(String[] a) { System.out.println("not public"); } }\nclass Helper {}')).stdout,
    ).toBe('not public\n');
    const packaged = await session.run(
      'package demo.app;\n\npublic final class Tool {\n  public static void main(String[] a) { System.out.println(Tool.class.getName()); }\n}',
    );
    expect(packaged).toMatchObject({ exitCode: 0, stdout: 'demo.app.Tool\n' });
  });

  it('keeps stdout and stderr apart and returns the exit code of System.exit', async () => {
    await using session = await open();
    const result = await session.run(
      'public class Main { public static void main(String[] a) { System.out.println("out"); System.err.println("err"); System.exit(3); } }',
    );
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', success: false, failedStep: 'run' });
  });

  it('reports an uncaught exception as a failed run with its stack trace', async () => {
    await using session = await open();
    const result = await session.run(
      'public class Main {\n  public static void main(String[] a) {\n    throw new IllegalStateException("boom");\n  }\n}',
    );
    expect(result).toMatchObject({ exitCode: 1, failedStep: 'run' });
    expect(result.stderr).toMatch(/IllegalStateException: boom\n\s+at Main\.main\(Main\.java:3\)/);
  });

  it('stops at a compile error: compiler messages in stderr, the program never runs', async () => {
    await using session = await open();
    const result = await session.run(
      'public class Main {\n  public static void main(String[] a) {\n    System.out.println("ran");\n    int x = "text";\n  }\n}',
    );
    expect(result).toMatchObject({ exitCode: 1, stdout: '', failedStep: 'compile', success: false });
    expect(result.stderr).toMatch(/^Main\.java:4: error: incompatible types/);
    expect((await session.executeCommand('find /sandbox -type f')).stdout).toBe('');
  });

  it('kills a busy loop at the timeout and runs the next program', async () => {
    await using session = await open();
    const spin = 'public class Main { public static void main(String[] a) { System.out.println("spinning"); long n = 0; while (true) { n++; } } }';
    const failure = await session.run(spin, { timeoutMs: 5_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxTimeoutError);
    const listing = await session.executeCommand(PROCESS_LISTING, { user: 'root' });
    expect(listing.stdout).not.toMatch(/java -cp/);
    expect((await session.run(HELLO)).stdout).toBe('Hello, World!\n');
    expect((await session.executeCommand('find /sandbox -type f')).stdout).toBe('');
  });

  it('installs Maven coordinates from the registry (through the proxy CA) onto the classpath of the next runs', async () => {
    await using session = await open();
    await session.install(['com.google.code.gson:gson:2.10.1']);
    expect(await session.run(GSON)).toMatchObject({ exitCode: 0, stdout: '{"price":125}\n' });
  });

  it('installs from the repository given as repositoryUrl (a mirror served from the host)', async () => {
    // The mirror's content: a local repository filled by a real install (same layout as a remote one).
    const mirror = await mkdtemp(join(tmpdir(), 'llmsb-maven-'));
    try {
      {
        await using filler = await open();
        await filler.install(['com.google.code.gson:gson:2.10.1']);
        await filler.copyFromRuntime(MAVEN_REPOSITORY, mirror);
      }
      const { url, server, requested } = await serveDirectory(join(mirror, 'm2'), await bridgeGateway());
      try {
        await using session = await open({}, java({ repositoryUrl: url }));
        await session.install(['com.google.code.gson:gson:2.10.1']);
        expect(requested).toContain('/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar');
        expect(await session.run(GSON)).toMatchObject({ exitCode: 0, stdout: '{"price":125}\n' });
      } finally {
        server.close();
      }
    } finally {
      await rm(mirror, { recursive: true, force: true });
    }
  });

  it('refuses coordinates crafted for shell injection before running anything', async () => {
    await using session = await open();
    await expect(session.install(['a:b:1;touch /tmp/pwned'])).rejects.toBeInstanceOf(ValidationError);
    await expect(session.install(['$(touch /tmp/pwned)'])).rejects.toBeInstanceOf(ValidationError);
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });
});
