// Builds the supervisor for linux/amd64 and linux/arm64 into dist/bin/, static (no cgo), skipped
// when the binaries of the same sources are already there (a hash of go/ is kept beside them).
// A published package ships the binaries, so installing it needs no Go toolchain.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'go');
const out = join(root, 'dist', 'bin');
const ARCHES = ['amd64', 'arm64'];

const hash = createHash('sha256');
for (const name of readdirSync(source)
  .filter((file) => (file.endsWith('.go') && !file.endsWith('_test.go')) || file === 'go.mod' || file === 'go.sum') // not a stray `go build` output
  .sort()) {
  hash.update(name).update(readFileSync(join(source, name)));
}
const recipe = hash.digest('hex');
const stamp = join(out, 'recipe-hash');
const binaries = ARCHES.map((arch) => join(out, `linux-${arch}`, 'llmsb-supervisor'));
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === recipe && binaries.every((file) => existsSync(file))) process.exit(0);

for (const [index, arch] of ARCHES.entries()) {
  const target = binaries[index];
  mkdirSync(dirname(target), { recursive: true });
  try {
    execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', `${target}.partial`, '.'], {
      cwd: source,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch, GOFLAGS: '-mod=mod' },
    });
  } catch (error) {
    console.error(`[llmsb] building the supervisor for linux/${arch} failed; it needs Go >= 1.22 on PATH (${error.message})`);
    process.exit(1);
  }
  renameSync(`${target}.partial`, target);
}
writeFileSync(stamp, recipe);
console.error(`[llmsb] supervisor built for ${ARCHES.map((arch) => `linux/${arch}`).join(', ')}`);
