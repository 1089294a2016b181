// A TEST DOUBLE of micromamba. No micromamba binary can be installed from the registries these
// machines reach, so the tests run against a real container whose image provides a `micromamba`
// shell script implementing only what the backend uses: `run -n ENV CMD...` (activating the
// environment's prefix: PATH=$PREFIX/bin:$PATH, CONDA_PREFIX) and an `install` that finds no
// channel (so the pip fallback runs). Environments are Python venvs at micromamba's layout:
// `base` = $MAMBA_ROOT_PREFIX, others under $MAMBA_ROOT_PREFIX/envs/NAME. With
// LLMSB_MICROMAMBA_IMAGE set, the same suites run against that (real) image instead.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { packFiles } from '@llmsb/core';
import { imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { pythonRecipe } from '@llmsb/lang-python';

export const DOUBLE_LOG = '/tmp/micromamba-double.log';

const SCRIPT = `#!/bin/sh
# TEST DOUBLE of micromamba (llmsb tests): implements \`run -n ENV CMD...\` and a channel-less \`install\`.
root=\${MAMBA_ROOT_PREFIX:-/opt/conda}
echo "micromamba $*" >> ${DOUBLE_LOG} 2>/dev/null
case "$1" in
  run)
    shift
    [ "$1" = -n ] || { echo "micromamba (test double): only 'run -n ENV CMD...'" >&2; exit 2; }
    env=$2; shift 2
    if [ "$env" = base ]; then prefix=$root; else prefix=$root/envs/$env; fi
    [ -d "$prefix" ] || { echo "critical libmamba The given prefix does not exist: \\"$prefix\\"" >&2; exit 1; }
    export CONDA_PREFIX="$prefix" CONDA_DEFAULT_ENV="$env" PATH="$prefix/bin:$PATH"
    exec "$@"
    ;;
  install)
    echo "critical libmamba Could not reach any channel (test double)" >&2
    exit 1
    ;;
  *)
    echo "micromamba (test double): '$1' is not implemented" >&2
    exit 2
    ;;
esac
`;

/** The test image: the python image plus the double; built once per content (tagged by its hash). */
export async function micromambaTestImage(docker: Docker): Promise<string> {
  const fromEnv = process.env['LLMSB_MICROMAMBA_IMAGE'];
  if (fromEnv) return fromEnv;
  const base = recipeImageTag(pythonRecipe);
  if (!(await imageExists(docker, base))) throw new Error(`${base} is missing: run \`pnpm llmsb images build python\`.`);
  const dockerfile = [
    `FROM ${base}`,
    'COPY micromamba /usr/local/bin/micromamba',
    'ENV MAMBA_ROOT_PREFIX=/opt/conda',
    'RUN chmod 755 /usr/local/bin/micromamba \\',
    ' && /usr/bin/python3 -m venv --system-site-packages /opt/conda \\',
    ' && /usr/bin/python3 -m venv --system-site-packages /opt/conda/envs/science \\',
    ' && chown -R sandbox:sandbox /opt/conda',
    '',
  ].join('\n');
  const tag = `llmsb-test/micromamba-double:${createHash('sha256').update(dockerfile).update(SCRIPT).digest('hex').slice(0, 12)}`;
  if (await imageExists(docker, tag)) return tag;
  const context = await packFiles([
    { name: 'Dockerfile', content: dockerfile },
    { name: 'micromamba', content: SCRIPT },
  ]);
  const stream = await docker.buildImage(Readable.from([Buffer.from(context)]), { t: tag, labels: { 'llmsb.test': 'micromamba-double' } });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[] = []) => {
      const failed = error ?? output.find((line) => line.error);
      if (failed) reject(failed instanceof Error ? failed : new Error(failed.error));
      else resolve();
    }),
  );
  if (!(await imageExists(docker, tag))) throw new Error(`Building ${tag} finished but the image is missing.`);
  return tag;
}

/** True when the suite runs against the double (not a real micromamba image). */
export const usingDouble = !process.env['LLMSB_MICROMAMBA_IMAGE'];
