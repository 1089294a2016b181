// Interactive R sessions on Docker: IRkernel behind the same kernel bridge and supervisor resident
// as Python's Jupyter kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellTimeoutError, createInteractiveSession, PluginRegistry, type InteractiveSession } from '@llmsb/core';
import { connectDocker, dockerBackend } from '@llmsb/backend-docker';
import { recipeImageTag } from '@llmsb/core';
import { PROCESS_LISTING } from '@llmsb/backend-docker/testing';
import { r, rRecipe } from '@llmsb/lang-r';

let kernel: InteractiveSession;
beforeAll(async () => {
  const image = recipeImageTag(rRecipe);
  const { docker } = await connectDocker();
  await docker
    .getImage(image)
    .inspect()
    .catch(() => {
      throw new Error(`${image} is missing: run \`pnpm llmsb images build r\`.`);
    });
  kernel = await createInteractiveSession({ lang: 'r', backend: 'docker', interruptGraceMs: 2000 }, new PluginRegistry().use(dockerBackend(), r()));
}, 180_000);
afterAll(async () => {
  await kernel?.close();
});

describe('an interactive R session on Docker', () => {
  it('keeps variables, functions and loaded packages across cells; the last value comes back as text/plain', async () => {
    expect(await kernel.run('x <- 1\nsquare <- function(v) v * v\nsuppressPackageStartupMessages(library(lattice))')).toMatchObject({ exitCode: 0 });
    const next = await kernel.run('cat(x + 1, "\\n")\nsquare(7)');
    expect(next).toMatchObject({ exitCode: 0, stdout: '2 \n' });
    expect(next.results[0]?.['text/plain']).toBe('[1] 49');
    expect((await kernel.run('cat(exists("xyplot"), "\\n")')).stdout).toBe('TRUE \n');
  });

  it('returns an error as data (exitCode 1, the message) and keeps the state', async () => {
    const failed = await kernel.run('stop("boom")');
    expect(failed).toMatchObject({ exitCode: 1, success: false });
    expect(JSON.stringify(failed.error ?? failed.stderr)).toContain('boom');
    expect((await kernel.run('cat(x, "\\n")')).stdout).toBe('1 \n');
  });

  it('shows a plot as an image/png result', async () => {
    const plotted = await kernel.run('plot(1:10)');
    expect(plotted.exitCode).toBe(0);
    const png = plotted.results.find((bundle) => bundle['image/png'] !== undefined)?.['image/png'];
    expect(Buffer.from(String(png), 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('ends the processes a cell started', async () => {
    expect((await kernel.run('system("sleep 300", wait = FALSE)\ncat("started\\n")')).stdout).toBe('started\n');
    const listing = await kernel.session.executeCommand(PROCESS_LISTING);
    expect(listing.stdout).not.toMatch(/sleep 300/);
  });

  it('interrupts a cell at its timeout and keeps the variables', async () => {
    const timedOut = await kernel.run('repeat {}', { timeoutMs: 2000 }).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(CellTimeoutError);
    expect((await kernel.run('cat(x, "\\n")')).stdout).toBe('1 \n');
  });

  it('restarts with a clean kernel: a profile the code planted does not run', async () => {
    await kernel.run('writeLines("planted <- TRUE", ".Rprofile")\nwriteLines("planted <- TRUE", file.path(Sys.getenv("HOME"), ".Rprofile"))');
    await kernel.restart();
    expect((await kernel.run('cat(exists("planted"), exists("x"), "\\n")')).stdout).toBe('FALSE FALSE \n');
  });
});
