// Ruby on the real engine. RubyGems is out of reach from CI, so installs are proven against a gem
// index the test builds (`gem build`, `gem generate_index`) and serves from the host.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createSession, PackageManagerError, PluginRegistry, ValidationError } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { ruby, rubyRecipe, type RubyOptions } from '@llmsb/lang-ruby';
import { bridgeGateway, plantFiles, serveDirectory, serveTrap } from '@llmsb/backend-docker/testing';

const image = recipeImageTag(rubyRecipe);
let docker: Docker;
beforeAll(async () => {
  docker = (await connectDocker()).docker;
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build ruby\`.`);
});

const open = (options: RubyOptions = {}) => createSession({ lang: 'ruby' }, new PluginRegistry().use(dockerBackend(), ruby(options)));

/** Builds a one-file gem and a gem index of it in the sandbox, in /tmp/index. */
const BUILD_INDEX = `set -e
mkdir -p /tmp/gem/lib /tmp/index/gems && cd /tmp/gem
printf 'module LlmsbHello\\n  def self.greet(name) = "hello, #{name}"\\nend\\n' > lib/llmsb_hello.rb
cat > llmsb_hello.gemspec <<'SPEC'
Gem::Specification.new do |s|
  s.name = 'llmsb_hello'; s.version = '0.1.0'; s.summary = 'llmsb test gem'
  s.authors = ['llmsb']; s.license = 'MIT'; s.files = ['lib/llmsb_hello.rb']
end
SPEC
gem build --quiet llmsb_hello.gemspec
mv llmsb_hello-0.1.0.gem /tmp/index/gems/
gem generate_index --directory /tmp/index >/dev/null`;

describe('Ruby on Docker', () => {
  it('runs hello world with ruby 3.1 from a file in the workdir', async () => {
    await using session = await open();
    const result = await session.run('puts "hello from #{RUBY_VERSION[0, 3]} in #{Dir.pwd}"');
    expect(result).toEqual({ exitCode: 0, stdout: 'hello from 3.1 in /sandbox\n', stderr: '', success: true, usage: expect.any(Object) });
  });

  it('returns an uncaught exception as data with the user line number', async () => {
    await using session = await open();
    const result = await session.run('x = 1\nraise ArgumentError, "boom"');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/:2:in `<main>': boom \(ArgumentError\)/);
  });

  // Output, exit codes and UTF-8 are the conformance suite's (conformance.int.test.ts); these are Ruby's own.
  it('reads source as UTF-8: string literals are UTF-8 encoded', async () => {
    await using session = await open();
    const result = await session.run('puts "héllo wörld ✓ 日本語"\nputs "é".encoding');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'héllo wörld ✓ 日本語\nUTF-8\n' });
  });

  it('refuses a gem name crafted for shell injection before running anything', async () => {
    await using session = await open();
    for (const name of ['rake; touch /tmp/pwned', '--source=http://evil', 'rake $(id)']) {
      await expect(session.install([name])).rejects.toBeInstanceOf(ValidationError);
    }
    expect((await session.executeCommand('ls /tmp/pwned')).exitCode).not.toBe(0);
  });

  it('fails fast with a PackageManagerError when the default gem source is out of reach', async () => {
    await using session = await open();
    const started = Date.now();
    const failure = await session.install(['rake']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PackageManagerError);
    expect((failure as PackageManagerError).output).toMatch(/Could not find a valid gem 'rake'/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('trusts the host CA through Ruby OpenSSL (HTTPS to the npm registry the host uses)', async () => {
    // The language's own registry is out of reach here; any HTTPS host behind the proxy proves trust.
    const url = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
    await using session = await createSession(
      { lang: 'ruby', runtimeConfig: { network: 'bridge' } },
      new PluginRegistry().use(dockerBackend(), ruby()),
    );
    expect(await session.executeCommand(['ruby', '-rnet/http', '-e', 'puts Net::HTTP.get_response(URI(ARGV[0])).code', url])).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(/^200\n?$/),
    });
  });

  describe('with a gem index served from the host', () => {
    let index: string;
    let url: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      index = await mkdtemp(join(tmpdir(), 'llmsb-gems-'));
      {
        await using builder = await open();
        const built = await builder.executeCommand(BUILD_INDEX);
        expect(built).toMatchObject({ exitCode: 0 });
        await builder.copyFromRuntime('/tmp/index', index);
      }
      const served = await serveDirectory(join(index, 'index'), await bridgeGateway(docker));
      url = served.url;
      close = () => new Promise((resolve) => served.server.close(() => resolve()));
    });
    afterAll(async () => {
      await close?.();
      if (index) await rm(index, { recursive: true, force: true });
    });

    it('reads no gemrc the code wrote, takes no .gem file from a folder the code owns, and the code cannot write GEM_HOME', async () => {
      const trap = await serveTrap(await bridgeGateway(docker));
      try {
        await using session = await open({ source: url });
        const gemrc = `gem: --source ${trap.url}gemrc\n:sources:\n- ${trap.url}gemrc\ninstall: --install-dir /tmp/evil-gems\n`;
        const planted = await plantFiles(session, {
          '/home/sandbox/.gemrc': gemrc,
          '/sandbox/.gemrc': gemrc,
          '/sandbox/llmsb_hello-0.1.0.gem': 'not a gem',
          '/opt/llmsb/gems/specifications/llmsb_hello-0.1.0.gemspec': 'raise "planted"',
        });
        const failure = await session.install(['llmsb_hello']).catch((error: unknown) => error);
        expect(trap.hits()).toEqual([]);
        expect(failure).toBeUndefined();
        expect(planted).toBe(
          '/home/sandbox/.gemrc ok\n/sandbox/.gemrc ok\n/sandbox/llmsb_hello-0.1.0.gem ok\n/opt/llmsb/gems/specifications/llmsb_hello-0.1.0.gemspec denied\n',
        );
        const result = await session.run('require "llmsb_hello"\nputs Gem.loaded_specs["llmsb_hello"].full_gem_path');
        expect(result).toMatchObject({ exitCode: 0, stdout: '/opt/llmsb/gems/gems/llmsb_hello-0.1.0\n' });
        expect((await session.executeCommand('stat -c %U /opt/llmsb/gems/gems/llmsb_hello-0.1.0')).stdout).toBe('llmsb-installer\n');
      } finally {
        await trap.close();
      }
    });

    it('installs a gem as the installer and the next run requires it offline', async () => {
      await using session = await open({ source: url });
      await session.install(['llmsb_hello']);
      const result = await session.run('require "llmsb_hello"\nputs LlmsbHello.greet("gems")\nputs Gem.loaded_specs["llmsb_hello"].full_gem_path');
      expect(result).toMatchObject({ exitCode: 0, stdout: 'hello, gems\n/opt/llmsb/gems/gems/llmsb_hello-0.1.0\n' });
    });

    it('installs a pinned version through run({ libraries })', async () => {
      await using session = await open({ source: url });
      const result = await session.run('require "llmsb_hello"\nputs LlmsbHello.greet("pinned")', { libraries: ['llmsb_hello:0.1.0'] });
      expect(result).toMatchObject({ exitCode: 0, stdout: 'hello, pinned\n' });
    });

    it('fails with a PackageManagerError for a gem the index lacks', async () => {
      await using session = await open({ source: url });
      await expect(session.install(['llmsb_no_such_gem'])).rejects.toBeInstanceOf(PackageManagerError);
    });
  });
});
