// R on the real engine. CRAN is out of reach from CI, so installs are proven against a CRAN-like
// repository the test builds (`R CMD build`, `tools::write_PACKAGES`) and serves from the host.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createSession, PackageManagerError, PluginRegistry, ValidationError } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { r, rRecipe, type ROptions } from '@llmsb/lang-r';
import { bridgeGateway, plantFiles, serveDirectory, serveTrap } from '@llmsb/backend-docker/testing';

const image = recipeImageTag(rRecipe);
let docker: Docker;
beforeAll(async () => {
  docker = (await connectDocker()).docker;
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build r\`.`);
});

const open = (options: ROptions = {}) => createSession({ lang: 'r' }, new PluginRegistry().use(dockerBackend(), r(options)));

/** Builds a one-function source package and a CRAN-like repository of it in the sandbox, in /tmp/repo. */
const BUILD_REPOSITORY = `set -e
mkdir -p /tmp/pkg/llmsb.hello/R /tmp/repo/src/contrib && cd /tmp/pkg
printf 'Package: llmsb.hello\\nVersion: 0.1.0\\nTitle: Test Package\\nDescription: Greets.\\nAuthor: llmsb\\nMaintainer: llmsb <llmsb@example.invalid>\\nLicense: CC0\\n' > llmsb.hello/DESCRIPTION
echo 'export(greet)' > llmsb.hello/NAMESPACE
echo 'greet <- function(name) paste0("hello, ", name)' > llmsb.hello/R/greet.R
R CMD build --no-manual --no-build-vignettes llmsb.hello >/dev/null
mv llmsb.hello_0.1.0.tar.gz /tmp/repo/src/contrib/
Rscript -e 'tools::write_PACKAGES("/tmp/repo/src/contrib", type = "source")'`;

describe('R on Docker', () => {
  it('runs hello world with Rscript (R 4.2) from a file in the workdir', async () => {
    await using session = await open();
    const result = await session.run('cat("hello from", paste(R.version$major, substr(R.version$minor, 1, 1), sep = "."), "in", getwd(), "\\n")');
    expect(result).toEqual({ exitCode: 0, stdout: 'hello from 4.2 in /sandbox \n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('returns an error as data and stops the script', async () => {
    await using session = await open();
    const result = await session.run('x <- 1\nstop("boom")\ncat("not reached\\n")');
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toMatch(/Error: boom\nExecution halted/);
  });

  // Output, exit codes and UTF-8 are the conformance suite's (conformance.int.test.ts); these are R's own.
  it('runs in a UTF-8 locale, and print() formats as R does', async () => {
    await using session = await open();
    const result = await session.run('cat("héllo wörld ✓ 日本語\\n")\nprint("é")\ncat(l10n_info()$`UTF-8`, "\\n")\nprint(1:3)');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'héllo wörld ✓ 日本語\n[1] "é"\nTRUE \n[1] 1 2 3\n' });
  });

  it('has ggplot2 and lattice preinstalled and draws a plot offline', async () => {
    await using session = await open();
    const code = [
      'suppressPackageStartupMessages({ library(ggplot2); library(lattice) })',
      'p <- ggplot(data.frame(x = 1:3, y = c(2, 4, 8)), aes(x, y)) + geom_line()',
      'ggsave("plot.png", p, width = 2, height = 2, dpi = 50)',
      'cat(as.character(packageVersion("ggplot2")) >= "3.4", file.exists("plot.png"), "\\n")',
    ].join('\n');
    expect(await session.run(code)).toMatchObject({ exitCode: 0, stdout: 'TRUE TRUE \n' });
  });

  it('refuses a package name crafted for shell or R injection before running anything', async () => {
    await using session = await open();
    for (const name of ['glue; touch /tmp/pwned', 'glue")); system("touch /tmp/pwned', '--args', 'a b']) {
      await expect(session.install([name])).rejects.toBeInstanceOf(ValidationError);
    }
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });

  it('fails fast with a PackageManagerError when the default CRAN mirror is out of reach', async () => {
    await using session = await open();
    const started = Date.now();
    const failure = await session.install(['data.table']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PackageManagerError);
    expect((failure as PackageManagerError).output).toMatch(/could not install data\.table from/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('trusts the host CA through R libcurl (HTTPS to the npm registry the host uses)', async () => {
    // The language's own registry is out of reach here; any HTTPS host behind the proxy proves trust.
    const url = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
    await using session = await createSession({ lang: 'r', runtimeConfig: { network: 'bridge' } }, new PluginRegistry().use(dockerBackend(), r()));
    expect(await session.executeCommand(['Rscript', '-e', 'cat(attr(curlGetHeaders(commandArgs(TRUE)[1]), "status"))', url])).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(/^200\n?$/),
    });
  });

  describe('with a CRAN-like repository served from the host', () => {
    let root: string;
    let url: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'llmsb-cran-'));
      {
        await using builder = await open();
        expect(await builder.executeCommand(BUILD_REPOSITORY)).toMatchObject({ exitCode: 0 });
        await builder.copyFromRuntime('/tmp/repo', root);
      }
      const served = await serveDirectory(join(root, 'repo'), await bridgeGateway(docker));
      url = served.url;
      close = () => new Promise((resolve) => served.server.close(() => resolve()));
    });
    afterAll(async () => {
      await close?.();
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('reads no Rprofile or Renviron the code wrote, and the code cannot write the library', async () => {
      const trap = await serveTrap(await bridgeGateway(docker));
      try {
        await using session = await open({ repos: url });
        const profile = `file.create("/tmp/llmsb-hook-rprofile"); options(repos = c(CRAN = "${trap.url}rprofile"))\n`;
        const planted = await plantFiles(session, {
          '/home/sandbox/.Rprofile': profile,
          '/sandbox/.Rprofile': profile,
          '/tmp/evil.R': profile,
          '/home/sandbox/.Renviron': 'R_PROFILE_USER=/tmp/evil.R\nR_LIBS_USER=/tmp/evil-lib\n',
          '/opt/llmsb/R/library/llmsb.hello/DESCRIPTION': 'Package: llmsb.hello\n',
        });
        expect(planted).toContain('/home/sandbox/.Rprofile ok\n');
        const failure = await session.install(['llmsb.hello']).catch((error: unknown) => error);
        expect(trap.hits()).toEqual([]);
        expect((await session.executeCommand('ls /tmp/llmsb-hook-rprofile')).exitCode).not.toBe(0);
        expect(failure).toBeUndefined();
        expect(planted).toContain('/opt/llmsb/R/library/llmsb.hello/DESCRIPTION denied\n');
        expect((await session.executeCommand('stat -c %U /opt/llmsb/R/library/llmsb.hello')).stdout).toBe('llmsb-installer\n');
      } finally {
        await trap.close();
      }
    });

    it('installs a package as the installer and the next run loads it offline', async () => {
      await using session = await open({ repos: url });
      await session.install(['llmsb.hello']);
      const result = await session.run('library(llmsb.hello)\ncat(greet("R"), "\\n")\ncat(find.package("llmsb.hello"), "\\n")');
      expect(result).toMatchObject({ exitCode: 0, stdout: 'hello, R \n/opt/llmsb/R/library/llmsb.hello \n' });
    });

    it('installs through run({ libraries }) with several repositories', async () => {
      await using session = await open({ repos: [url, `${url}unused/`] });
      const result = await session.run('cat(llmsb.hello::greet("libraries"), "\\n")', { libraries: ['llmsb.hello'] });
      expect(result).toMatchObject({ exitCode: 0, stdout: 'hello, libraries \n' });
    });

    it('fails with a PackageManagerError for a package the repository lacks', async () => {
      await using session = await open({ repos: url });
      await expect(session.install(['llmsb.nothere'])).rejects.toBeInstanceOf(PackageManagerError);
    });
  });
});
