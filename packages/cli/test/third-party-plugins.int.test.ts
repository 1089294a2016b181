import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLlmsb } from './run-llmsb.js';
import { BASH_PLUGIN_DIR, scratchApp } from './scratch-app.js';

const TIMEOUT_MS = 120_000;
const PLUGIN = 'llmsb-example-lang-bash';
const SCRIPT = 'echo "bash ${BASH_VERSINFO[0]}"; echo oops >&2; exit 3';

let dependsOnPlugin: string;
let pluginNotListed: string;
beforeAll(async () => {
  dependsOnPlugin = await scratchApp({ installed: { [PLUGIN]: BASH_PLUGIN_DIR } });
  pluginNotListed = await scratchApp({ installed: { [PLUGIN]: BASH_PLUGIN_DIR }, dependencies: [] });
  // The runs below assert their exact stderr, which a first run's image build would add to.
  const build = await runLlmsb(['images', 'build', '--plugin', PLUGIN, 'bash'], { cwd: pluginNotListed });
  if (build.code !== 0) throw new Error(`building the bash plugin's image failed: ${build.stderr}`);
}, 600_000);
afterAll(async () => {
  await Promise.all([dependsOnPlugin, pluginNotListed].map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('third-party language plugins in the CLI', () => {
  it("runs a language that the project's dependency declares, with no flag", { timeout: TIMEOUT_MS }, async () => {
    const outcome = await runLlmsb(['run', '--lang', 'bash', '-e', SCRIPT], { cwd: dependsOnPlugin });
    expect(outcome).toMatchObject({ code: 3, stdout: 'bash 5\n', stderr: 'oops\n' });
  });

  it('runs a language from a package named with --plugin', { timeout: TIMEOUT_MS }, async () => {
    const outcome = await runLlmsb(['run', '--plugin', PLUGIN, '--lang', 'sh-bash', '-e', SCRIPT], { cwd: pluginNotListed });
    expect(outcome).toMatchObject({ code: 3, stdout: 'bash 5\n', stderr: 'oops\n' });
  });

  it('rejects the language without --plugin when the project does not list the package, saying how to add it', { timeout: TIMEOUT_MS }, async () => {
    const outcome = await runLlmsb(['run', '--lang', 'bash', '-e', SCRIPT], { cwd: pluginNotListed });
    expect(outcome.code).toBe(125);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/^llmsb: Language "bash" is not supported\. Available: python .*--plugin PKG/);
  });

  it("builds (or finds up to date) a --plugin package's image with llmsb images build", { timeout: 600_000 }, async () => {
    const outcome = await runLlmsb(['images', 'build', '--plugin', PLUGIN, 'bash'], { cwd: pluginNotListed });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^bash\tllmsb-example\/bash:[0-9a-f]{12}\t(built|up to date)\n$/);
  });
});

describe('llmsb images build progress', () => {
  it('prints each build step as a plain stderr line when stderr is not a terminal, results on stdout', { timeout: 600_000 }, async () => {
    const outcome = await runLlmsb(['images', 'build', '--plugin', PLUGIN, '--force', 'bash'], { cwd: pluginNotListed });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^bash\tllmsb-example\/bash:[0-9a-f]{12}\tbuilt\n$/);
    expect(outcome.stderr).not.toContain('\r');
    expect(outcome.stderr).toMatch(/^\[llmsb\] bash: checking llmsb-example\/bash:[0-9a-f]{12}\n/);
    expect(outcome.stderr).toMatch(/\n\[llmsb\] bash: Step 1\/\d+ : FROM /);
    expect(outcome.stderr).toMatch(/\n\[llmsb\] bash: built llmsb-example\/bash:[0-9a-f]{12} \(\d+(s|m\d\ds)\)\n$/);
  });
});
