// Plot capture in the real R image: base graphics, ggplot2 and lattice as Rscript users write them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, PluginRegistry, type PlotOutput, type Session } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { r, rRecipe } from '@llmsb/lang-r';
import { createArtifactSession, pngSize, type ArtifactSession } from '@llmsb/artifacts';
import { decodePng } from './helpers.js';

const image = recipeImageTag(rRecipe);
const registry = () => new PluginRegistry().use(dockerBackend(), r());

let session: ArtifactSession;
let plain: Session;
beforeAll(async () => {
  const { docker } = await connectDocker();
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build r\`.`);
  [session, plain] = await Promise.all([createArtifactSession({ lang: 'r' }, registry()), createSession({ lang: 'r' }, registry())]);
});
afterAll(() => Promise.all([session?.close(), plain?.close()]));

/** Every plot is a PNG whose header (as the package reads it) tells its real, decoded size. */
function expectRealPngs(plots: readonly PlotOutput[], size = { width: 700, height: 700, dpi: 100 }): void {
  for (const plot of plots) {
    expect(plot).toMatchObject({ format: 'png', ...size });
    const bytes = Buffer.from(plot.contentBase64, 'base64');
    expect(pngSize(bytes)).toEqual(size);
    expect(decodePng(plot.contentBase64)).toEqual({ width: size.width, height: size.height });
  }
}

const normalise = (text: string) => text.replaceAll(/llmsb_[0-9a-f]{16}\.R/g, 'FILE.R');

describe('R plots through ArtifactSandboxSession', () => {
  it('returns one PNG per page of base graphics: plot() and hist() give two', async () => {
    const result = await session.run('x <- c(1, 4, 9, 16)\nplot(x, main = "squares")\nhist(rnorm(100))\ncat("done\\n")');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n', stderr: '', files: [], skippedArtifacts: [] });
    expect(result.plots).toHaveLength(2);
    expectRealPngs(result.plots);
  });

  it('captures a ggplot2 object autoprinted at top level', async () => {
    const result = await session.run(`library(ggplot2)
ggplot(data.frame(x = 1:10, y = (1:10)^2), aes(x, y)) + geom_point() + ggtitle("squares")`);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(result.plots).toHaveLength(1);
    expectRealPngs(result.plots);
  });

  it('captures a lattice xyplot autoprinted at top level', async () => {
    const result = await session.run('library(lattice)\nxyplot(mpg ~ wt, data = mtcars)');
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(result.plots).toHaveLength(1);
    expectRealPngs(result.plots);
  });

  it('honours dev.new() sizes in inches and keeps the order across closed and reopened devices', async () => {
    const result = await session.run(`dev.new(width = 4, height = 3)
barplot(1:3)
invisible(dev.off())
plot(1:2)
png("mine.png"); plot(3:4); invisible(dev.off())   # the program's own file, not a plot`);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(result.plots).toHaveLength(2);
    expectRealPngs(result.plots.slice(0, 1), { width: 400, height: 300, dpi: 100 });
    expectRealPngs(result.plots.slice(1));
  });

  it('returns one PNG for several panels on a page, and none for a device that never drew', async () => {
    const panels = await session.run('par(mfrow = c(1, 2))\nplot(1:3)\nplot(3:1)');
    expect(panels.plots).toHaveLength(1);
    expectRealPngs(panels.plots);
    const blank = await session.run('op <- par(mar = c(1, 1, 1, 1))\ncat(names(dev.cur()), "\\n")');
    expect(blank).toMatchObject({ exitCode: 0, stdout: 'png \n', plots: [] });
  });

  it('keeps an error and its message as a plain session has them, and still returns the plots made before it', async () => {
    const code = 'f <- function() stop("boom")\ng <- function() f()\nplot(1:3)\ncat("before\\n")\ng()\ncat("not reached\\n")';
    const [ours, theirs] = await Promise.all([session.run(code), plain.run(code)]);
    expect(theirs).toMatchObject({ exitCode: 1, stdout: 'before\n' });
    expect(theirs.stderr).toMatch(/Error in f\(\) : boom\nCalls: g -> f\nExecution halted\n$/);
    expect({ ...ours, stderr: normalise(ours.stderr) }).toMatchObject({ ...withoutUsage(theirs), stderr: normalise(theirs.stderr) });
    expect(ours.plots).toHaveLength(1);
    expectRealPngs(ours.plots);
  });

  it('keeps a syntax error and the offending line as a plain session has them', async () => {
    const code = 'x <- 1\ny <- 2\nz <- (x + y))\n';
    const [ours, theirs] = await Promise.all([session.run(code), plain.run(code)]);
    expect(theirs).toMatchObject({ exitCode: 1, stderr: 'Error: unexpected \')\' in "z <- (x + y))"\nExecution halted\n' });
    expect(normalise(ours.stderr)).toBe(normalise(theirs.stderr));
    expect(ours).toMatchObject({ exitCode: 1, stdout: theirs.stdout, plots: [] });
  });

  it('leaves the global environment, the environment variables and stdout as a plain session has them', async () => {
    const probe = `cat(ls(globalenv(), all.names = TRUE), "|", Sys.getenv(c("R_PROFILE_USER", "LLMSB_PLOTS_DIR", "LLMSB_R_PROFILE_USER")), "|", commandArgs(trailingOnly = TRUE), "\\n")
print(search())`;
    const [ours, theirs] = await Promise.all([session.run(probe), plain.run(probe)]);
    expect(theirs).toMatchObject({ exitCode: 0, stderr: '' });
    expect(ours).toMatchObject({ ...withoutUsage(theirs), plots: [] });
    expect(ours.stdout.split('\n')[0]).toBe(' |    |  '); // nothing in globalenv, no variable of ours, no arguments
  });

  it('still sources the user profile it shadows (.Rprofile in the workdir)', async () => {
    const probe = 'cat(getOption("llmsb.answer"), "\\n")';
    const write = 'writeLines("options(llmsb.answer = 42)", ".Rprofile")';
    await Promise.all([session.run(write), plain.run(write)]);
    try {
      expect((await session.run(probe)).stdout).toBe('42 \n');
      expect((await plain.run(probe)).stdout).toBe('42 \n');
    } finally {
      const remove = 'invisible(file.remove(".Rprofile"))';
      await Promise.all([session.run(remove), plain.run(remove)]);
    }
  });

  it('returns only the plots of its own run and leaves no Rplots.pdf behind', async () => {
    expect((await session.run('plot(1)')).plots).toHaveLength(1);
    const next = await session.run('cat(file.exists("Rplots.pdf"), "\\n")');
    expect(next).toMatchObject({ stdout: 'FALSE \n', plots: [] });
  });

  it('leaves a plain session untouched: Rscript draws into Rplots.pdf and no artifacts directory appears', async () => {
    const result = await plain.run('plot(1)\ncat(names(dev.cur()), "\\n")\ninvisible(dev.off())\ncat(file.exists("Rplots.pdf"), "\\n")');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'pdf \nTRUE \n', stderr: '' });
    expect((await plain.executeCommand('rm -f Rplots.pdf; ls -a /tmp')).stdout).not.toMatch(/llmsb-artifacts/);
  });
});

/** A result without its resource usage, which differs from run to run. */
function withoutUsage<T extends { usage?: unknown }>({ usage: _usage, ...output }: T): Omit<T, 'usage'> {
  return output;
}
