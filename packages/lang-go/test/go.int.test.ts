// Go on the real engine: `go build` in the session's module, then the binary runs; libraries are
// Go modules fetched with `go get` from the module proxy.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, PackageManagerError, PluginRegistry, ValidationError } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { go, goRecipe } from '@llmsb/lang-go';

beforeAll(async () => {
  const image = recipeImageTag(goRecipe);
  const { docker } = await connectDocker();
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build go\`.`);
});

const open = (options = {}) => createSession({ lang: 'go', ...options }, new PluginRegistry().use(dockerBackend(), go()));

// The seed's example, verbatim (indented as in its Python string).
const SEED = `
        package main
        import (
            "fmt"
            "github.com/spyzhov/ajson"
        )
        func main() {
            json := []byte(\`{"price": 100}\`)
            root, _ := ajson.Unmarshal(json)
            nodes, _ := root.JSONPath("$..price")
            for _, node := range nodes {
                node.SetNumeric(node.MustNumeric() * 1.25)
            }
            result, _ := ajson.Marshal(root)
            fmt.Printf("%s", result)
        }
    `;

describe('Go on Docker', () => {
  it('builds and runs hello world from the workdir', async () => {
    await using session = await open();
    const result = await session.run(
      'package main\nimport (\n\t"fmt"\n\t"os"\n)\nfunc main() { wd, _ := os.Getwd(); fmt.Println("hello from", wd) }',
    );
    expect(result).toEqual({ exitCode: 0, stdout: 'hello from /sandbox\n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('runs the seed ajson example with libraries ["github.com/spyzhov/ajson"] (go get through the proxy CA)', async () => {
    await using session = await open();
    const result = await session.run(SEED, { libraries: ['github.com/spyzhov/ajson'] });
    expect(result).toEqual({ exitCode: 0, stdout: '{"price":125}', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('reports a runtime panic as data from the run step', async () => {
    await using session = await open();
    const result = await session.run('package main\nfunc main() { var m map[string]int; m["x"] = 1 }');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('panic: assignment to entry in nil map');
    expect(result).toMatchObject({ failedStep: 'run' });
  });

  it('runs offline after an install: modules fetched by go get stay in the session for the next runs', async () => {
    await using session = await open({ runtimeConfig: { network: 'install' } });
    await session.install(['golang.org/x/text@v0.14.0']);
    const code =
      'package main\nimport (\n\t"fmt"\n\t"golang.org/x/text/cases"\n\t"golang.org/x/text/language"\n)\nfunc main() { fmt.Println(cases.Title(language.Dutch).String("ijsberg")) }';
    expect(await session.run(code)).toMatchObject({ exitCode: 0, stdout: 'IJsberg\n' });
    expect(await session.run(code)).toMatchObject({ exitCode: 0, stdout: 'IJsberg\n' });
  });

  it('refuses module paths crafted for shell injection or as flags before running anything', async () => {
    await using session = await open();
    await expect(session.install(['github.com/a/b; touch /tmp/pwned'])).rejects.toBeInstanceOf(ValidationError);
    await expect(session.install(['-insecure'])).rejects.toBeInstanceOf(ValidationError);
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });

  it('throws PackageManagerError for a module that does not exist', async () => {
    await using session = await open();
    await expect(session.install(['github.com/llmsb-no-such-owner-zzz/nothing'])).rejects.toBeInstanceOf(PackageManagerError);
  });
});
