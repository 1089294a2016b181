// `go get` the code cannot steer: a go env file the code wrote is not read, and the module and its
// cache are the installer's (real engine, the real module proxy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, PluginRegistry } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { bridgeGateway, plantFiles, serveTrap, type Trap } from '@llmsb/backend-docker/testing';
import { go, goRecipe } from '@llmsb/lang-go';

let trap: Trap;
beforeAll(async () => {
  const image = recipeImageTag(goRecipe);
  if (!(await imageExists((await connectDocker()).docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build go\`.`);
  trap = await serveTrap(await bridgeGateway());
});
afterAll(() => trap?.close());

describe('go get the code cannot steer', () => {
  it('reads no go env file the code wrote, and the code cannot rewrite go.mod or the module cache', async () => {
    await using session = await createSession({ lang: 'go' }, new PluginRegistry().use(dockerBackend(), go()));
    const planted = await plantFiles(session, {
      '/home/sandbox/.config/go/env': `GOPROXY=${trap.url}goenv\nGOSUMDB=off\nGOFLAGS=-modcacherw\n`,
      '/opt/llmsb/go/module/go.mod': `module sandbox\n\ngo 1.19\n\nreplace golang.org/x/text => /tmp/evil\n`,
      '/opt/llmsb/go/path/pkg/mod/cache/download/golang.org/x/text/@v/list': 'v0.99.0\n',
    });
    const failure = await session.install(['golang.org/x/text@v0.14.0']).catch((error: unknown) => error);
    expect(trap.hits()).toEqual([]);
    expect(failure).toBeUndefined();
    expect(planted).toBe(
      '/home/sandbox/.config/go/env ok\n/opt/llmsb/go/module/go.mod denied\n/opt/llmsb/go/path/pkg/mod/cache/download/golang.org/x/text/@v/list denied\n',
    );
    const owner = await session.executeCommand('stat -c %U /opt/llmsb/go/module/go.mod /opt/llmsb/go/path/pkg/mod/golang.org/x/text@v0.14.0');
    expect(owner.stdout).toBe('llmsb-installer\nllmsb-installer\n');
  });
});
