// C++ on the real engine: g++ compiles, then the binary runs; libraries are Debian packages.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, PluginRegistry, ValidationError } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { cpp, cppRecipe } from '@llmsb/lang-cpp';

beforeAll(async () => {
  const image = recipeImageTag(cppRecipe);
  const { docker } = await connectDocker();
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build cpp\`.`);
});

const open = (options = {}) => createSession({ lang: 'cpp', ...options }, new PluginRegistry().use(dockerBackend(), cpp()));

// The seed's example, verbatim (indented as in its Python string).
const SEED = `
        #include <iostream>
        #include <vector>
        #include <algorithm>
        int main() {
            std::vector<int> v = {1, 2, 3, 4, 5};
            std::reverse(v.begin(), v.end());
            for (int i : v) {
                std::cout << i << " ";
            }
            std::cout << std::endl;
            return 0;
        }
    `;

describe('C++ on Docker', () => {
  it('runs the seed vector example with libraries ["libstdc++"], which the image already satisfies', async () => {
    await using session = await open({ runtimeConfig: { network: 'none' } });
    const result = await session.run(SEED, { libraries: ['libstdc++'] });
    expect(result).toEqual({ exitCode: 0, stdout: '5 4 3 2 1 \n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('compiles as C++17: structured bindings, std::optional and if constexpr work', async () => {
    await using session = await open();
    const code = `#include <iostream>\n#include <optional>\n#include <map>\nint main() {\n  std::map<int, int> m{{1, 2}};\n  for (auto [k, v] : m) std::cout << k + v;\n  std::optional<int> o = 4;\n  if constexpr (__cplusplus >= 201703L) std::cout << *o << "\\n";\n}`;
    expect(await session.run(code)).toMatchObject({ exitCode: 0, stdout: '34\n' });
  });

  it('reports a runtime error (an uncaught exception aborts) as data from the run step', async () => {
    await using session = await open();
    const result = await session.run('#include <stdexcept>\nint main() { throw std::runtime_error("boom"); }');
    expect(result.exitCode).toBe(134);
    expect(result.stderr).toContain('boom');
    expect(result).toMatchObject({ failedStep: 'run' });
  });

  it('removes the source and binary after a run', async () => {
    await using session = await open();
    await session.run('int main() {}');
    expect((await session.executeCommand('ls -A /sandbox')).stdout).toBe('');
  });

  it('installs a Debian package as root with apt and uses it in the next run, while code stays unprivileged', async () => {
    await using session = await open();
    await session.install(['nlohmann-json3-dev']);
    const result = await session.run(
      '#include <nlohmann/json.hpp>\n#include <iostream>\n#include <unistd.h>\nint main() { std::cout << nlohmann::json{{"price", 125}}.dump() << " uid=" << getuid() << "\\n"; }',
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: '{"price":125} uid=1000\n' });
  });

  it('refuses a library name crafted for shell injection before running anything', async () => {
    await using session = await open();
    await expect(session.install(['curl; touch /tmp/pwned'])).rejects.toBeInstanceOf(ValidationError);
    await expect(session.install(['-o=APT::Foo'])).rejects.toBeInstanceOf(ValidationError);
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });
});
