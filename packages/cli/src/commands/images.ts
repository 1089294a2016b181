import {
  buildLanguageImage,
  connectDocker,
  ensureSupervisorImage,
  imageExists,
  pruneOutdatedImages,
  recipeImageTag,
  type BaseImageChoice,
} from '@llmsb/backend-docker';
import { noPositionals, parse } from '../args.js';
import { describeLanguages, LANGUAGES } from '../languages.js';
import { loadPlugins, resolveLanguage } from '../plugins.js';
import { progressBoard } from '../progress-board.js';
import { UsageError } from '../usage-error.js';

export const imagesUsage = `Usage: llmsb images build [LANG...] [options]
       llmsb images list
       llmsb images prune [--dry-run]
       llmsb images supervisor

build   builds the default image of each language (all when none is named: ${describeLanguages()}).
        An image with the same recipe and CA certificates is reused unless --force.
  --base auto|debootstrap|pull|IMAGE   where the Debian base comes from (default auto: a local
                                       base, else debootstrap when root, else pull)
  --ca-cert PATH                       extra CA certificate (PEM file or folder; repeatable),
                                       added to those in LLMSB_EXTRA_CA_CERTS
  --force                              rebuild even when up to date
  --parallel N                         images built at once (default 2)
  --plugin PKG                         also build the languages of this third-party plugin
                                       package (repeatable); a LANG may name one of them
list    shows each language's image tag and whether it is present.
prune   removes the images of earlier recipes (llmsb/<lang> tags other than this version's) that no
        container uses. Builds never remove images; other llmsb versions on this engine lose theirs.
  --dry-run                            only print what would be removed
supervisor  makes the supervisor's own image (one file, imported: no build, base or registry) and
        prints its tag. Kubernetes pods of images not built by llmsb get the supervisor from it
        (llmsb images carry it); push it where the cluster pulls from.
`;

const BUILD_OPTIONS = {
  base: { type: 'string' },
  'ca-cert': { type: 'string', multiple: true },
  force: { type: 'boolean' },
  parallel: { type: 'string' },
  plugin: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function imagesCommand(args: readonly string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'build') return build(rest);
  if (subcommand === 'list') return list(rest);
  if (subcommand === 'prune') return prune(rest);
  if (subcommand === 'supervisor') return supervisorImage(rest);
  if (subcommand === '--help' || subcommand === '-h') {
    process.stdout.write(imagesUsage);
    return 0;
  }
  if (subcommand === undefined) throw new UsageError('llmsb images needs a subcommand: build, list, prune or supervisor.');
  throw new UsageError(`Unknown images subcommand "${subcommand}"; use build, list, prune or supervisor.`);
}

async function build(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, BUILD_OPTIONS);
  if (values.help) {
    process.stdout.write(imagesUsage);
    return 0;
  }
  const plugins = await loadPlugins(values.plugin ?? []);
  const languages =
    positionals.length === 0
      ? [...LANGUAGES, ...plugins.extraLanguages]
      : [...new Set(await Promise.all(positionals.map((name) => resolveLanguage(plugins, name))))];
  const caCerts = values['ca-cert'] ?? [];
  const fromEnvironment = (process.env['LLMSB_EXTRA_CA_CERTS'] ?? '').split(':').filter(Boolean);
  const parallel = Number(values.parallel ?? 2);
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError('--parallel needs a whole number of at least 1.');
  const { docker } = await connectDocker();
  // Languages that share a recipe (javascript, typescript) share one image: build it once.
  const byTag = new Map(languages.map((language) => [recipeImageTag(language.imageRecipe), language]));
  const board = progressBoard();
  try {
    await inPool([...byTag.values()], parallel, async (language) => {
      board.update(language.name, `checking ${recipeImageTag(language.imageRecipe)}`);
      const { tag, built } = await buildLanguageImage(docker, language.imageRecipe, {
        base: baseChoice(values.base),
        force: values.force ?? false,
        onProgress: (line) => board.update(language.name, line),
        ...(caCerts.length > 0 ? { extraCaCertificates: [...fromEnvironment, ...caCerts] } : {}),
      });
      board.finish(language.name, built ? `built ${tag}` : `${tag} is up to date`);
      process.stdout.write(`${language.name}\t${tag}\t${built ? 'built' : 'up to date'}\n`);
    });
  } finally {
    board.close();
  }
  return 0;
}

/** Runs `task` over `items`, at most `size` at a time; the first failure fails the whole. */
async function inPool<T>(items: readonly T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(size, queue.length) }, worker));
}

async function list(args: readonly string[]): Promise<number> {
  const { positionals } = parse(args, {});
  noPositionals('images list', positionals);
  const { docker } = await connectDocker();
  for (const language of LANGUAGES) {
    const tag = recipeImageTag(language.imageRecipe);
    const present = (await imageExists(docker, tag)) !== undefined;
    process.stdout.write(`${language.name}\t${tag}\t${present ? 'present' : 'missing'}\n`);
  }
  return 0;
}

async function prune(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } });
  noPositionals('images prune', positionals);
  const { docker } = await connectDocker();
  const dryRun = values['dry-run'] ?? false;
  const { removed, inUse } = await pruneOutdatedImages(
    docker,
    LANGUAGES.map((language) => language.imageRecipe),
    { dryRun },
  );
  for (const tag of removed) process.stdout.write(`${dryRun ? 'would remove' : 'removed'}\t${tag}\n`);
  for (const tag of inUse) process.stdout.write(`kept (a container uses it)\t${tag}\n`);
  if (removed.length === 0 && inUse.length === 0) process.stdout.write('nothing to prune\n');
  return 0;
}

async function supervisorImage(args: readonly string[]): Promise<number> {
  const { positionals } = parse(args, {});
  noPositionals('images supervisor', positionals);
  const { docker } = await connectDocker();
  const { Arch } = await docker.version();
  process.stdout.write(`${await ensureSupervisorImage(docker, Arch)}\n`);
  return 0;
}

function baseChoice(value: string | undefined): BaseImageChoice {
  if (value === undefined || value === 'auto' || value === 'debootstrap' || value === 'pull') return value ?? 'auto';
  if (value.trim() === '') throw new UsageError('--base needs auto, debootstrap, pull or an image name.');
  return { image: value };
}
