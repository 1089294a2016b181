// A new user's first hour, end to end: the packages as `pnpm publish` would ship them, installed
// with npm into an app outside the workspace; the README's first example runs; a language whose
// image does not exist yet fails with a message naming the command, that command builds it, and
// the same code then runs.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '@llmsb/backend-docker';
import { callMcpTool, packAll } from './published-packages.js';
import { writePluginPackage } from './scratch-app.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const SETUP_TIMEOUT_MS = 600_000;
/** A repository no other test uses, so its image is missing until this test builds it. */
const REPOSITORY = `llmsb-test/first-hour-${process.pid}`;

let app: string;
let work: string;

/** Runs an ES module in the app with plain node and returns its stdout. */
async function node(file: string, source: string): Promise<string> {
  await writeFile(join(app, file), source);
  return (await run(process.execPath, [file], { cwd: app })).stdout;
}

beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), 'llmsb-first-hour-')));
  app = join(work, 'app');
  await mkdir(join(work, 'tarballs'), { recursive: true });
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'first-hour', private: true, type: 'module' }));
  const tarballs = await packAll(join(work, 'tarballs'));
  const plugin = await writePluginPackage(work, 'llmsb-plugin-plainsh', ['plainsh'], { command: 'sh', repository: REPOSITORY });
  await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs, plugin], { cwd: app });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  const { docker } = await connectDocker();
  for (const image of await docker.listImages({ filters: { reference: [REPOSITORY] } })) {
    await docker.getImage(image.Id).remove({ force: true });
  }
  if (work) await rm(work, { recursive: true, force: true });
}, SETUP_TIMEOUT_MS);

const SESSION = `import { createSession } from '@llmsb/core';
try {
  const session = await createSession({ backend: 'docker', lang: 'plainsh' });
  try {
    const { exitCode, stdout } = await session.run('echo "from $(id -un)"; exit 4');
    console.log(JSON.stringify({ exitCode, stdout }));
  } finally {
    await session.close();
  }
} catch (error) {
  console.log(JSON.stringify({ name: error.name, message: error.message }));
}
`;

describe('the published packages installed with npm into an app outside the workspace', () => {
  it('serves execute_code over MCP from the installed CLI (`npx llmsb mcp`)', { timeout: 120_000 }, async () => {
    const result = await callMcpTool('npx', ['llmsb', 'mcp'], app, 'execute_code', { language: 'python', code: 'print(6 * 7)' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ exitCode: 0, stdout: '42\n' });
  });

  it("runs the README's first example as written", { timeout: 120_000 }, async () => {
    const readme = await readFile(join(REPO, 'README.md'), 'utf8');
    const first = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(first).toContain("createSession({ backend: 'docker', lang: 'python' })");
    const stdout = await node('first-example.mjs', first);
    expect(stdout).toMatch(/exitCode: 3,\n\s+stdout: 'hi\\n',\n\s+stderr: '',\n\s+success: false/);
  });

  it('names the command that builds a missing image, which builds it, and the code then runs', { timeout: SETUP_TIMEOUT_MS }, async () => {
    const before = JSON.parse(await node('plainsh.mjs', SESSION)) as { name?: string; message?: string };
    expect(before.name).toBe('ImageNotFoundError');
    expect(before.message).toMatch(
      new RegExp(`^Image "${REPOSITORY}:[0-9a-f]{12}" is not present on the engine\\. Build it with \`llmsb images build plainsh\``),
    );

    const build = await run('npx', ['llmsb', 'images', 'build', 'plainsh'], { cwd: app });
    expect(build.stdout).toMatch(new RegExp(`^plainsh\\t${REPOSITORY}:[0-9a-f]{12}\\tbuilt\\n$`));

    expect(JSON.parse(await node('plainsh.mjs', SESSION))).toEqual({ exitCode: 4, stdout: 'from sandbox\n' });
  });
});
