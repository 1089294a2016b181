import {
  IMAGE_LABELS,
  IMAGE_WORKDIR,
  type ImageRecipe,
  INSTALLER_LABEL,
  resolveDiskBound,
  ResourceError,
  type RuntimeConfig,
  SANDBOX_UID,
  SANDBOX_USER,
  shellQuote,
} from '@llmsb/core';

/** Places every llmsb image lets anyone write (mode 1777). */
const SHARED_PLACES = ['/tmp', '/var/tmp', '/run/lock'] as const;
/** The sandbox user's home: the other place it owns in every llmsb image. */
const SANDBOX_HOME = `/home/${SANDBOX_USER}`;
/** Root-owned copies, made at build, of the places that start with the image's content. */
export const SEED_ROOT = '/opt/llmsb/seed';
/** Image label naming a recipe's extra places (`ImageRecipe.scratch`); see `formatScratchLabel`. */
export const SCRATCH_LABEL = 'llmsb.scratch';

/**
 * How a sandbox's disk bound is laid out: every place its code can write is a tmpfs of
 * `sizeMB` (and `maxFiles` inodes), so nothing the code writes reaches the engine's disk.
 */
export interface ScratchPlan {
  readonly sizeMB: number;
  readonly maxFiles: number | null;
  /** Places anyone may write (mode 1777). */
  readonly shared: readonly string[];
  /** Places owned by the code's user. */
  readonly owned: readonly string[];
  /** Owned places that start with the image's content (`SEED_ROOT`), copied in after start. */
  readonly seeded: readonly string[];
  /** Numeric `uid:gid` of the code's user, when known. */
  readonly owner: string | undefined;
}

export interface ScratchInput {
  readonly runtimeConfig: RuntimeConfig;
  readonly workdir: string;
  readonly imageName: string;
  readonly imageLabels: Readonly<Record<string, string>> | undefined;
  /** The user code runs as. */
  readonly execUser: string;
  /** Whether the sandbox's tmpfs enforces `nr_inodes` (runc on Docker; Podman 4.3 rejects it, gVisor ignores it). */
  readonly inodeLimit: boolean;
}

/**
 * The tmpfs layout that bounds what the code can write, or undefined for no bound. In llmsb
 * images the places the sandbox user can write are known (a test checks every image), so the
 * root stays writable for installs and apt while the code writes only to sized tmpfs. In other
 * images only a read-only root can bound the code: anything else is a `ResourceError` unless the
 * user opts out with `diskMB: null`.
 */
export function planScratch(input: ScratchInput): ScratchPlan | undefined {
  const config = input.runtimeConfig;
  const bound = resolveDiskBound(config);
  if (bound.sizeMB === null) return undefined;
  if (bound.maxFilesExplicit && !input.inodeLimit) {
    throw new ResourceError(
      'This sandbox cannot bound the number of files in a tmpfs (Podman 4 rejects nr_inodes, gVisor ignores it): set maxFiles to null; the memory limit still bounds them.',
    );
  }
  const maxFiles = input.inodeLimit ? bound.maxFiles : null;
  const owner = numericOwner(input.execUser);
  // A place the user mounts something over is the user's: no tmpfs there.
  const free = (places: readonly string[]) => places.filter((place) => !config.mounts.some((mount) => mount.target === place));
  const known = input.imageLabels?.[IMAGE_LABELS.user] === SANDBOX_USER && input.imageLabels[INSTALLER_LABEL] !== undefined;
  if (known && owner === `${SANDBOX_UID}:${SANDBOX_UID}`) {
    const extra = parseScratchLabel(input.imageLabels?.[SCRATCH_LABEL]);
    // The image's workdir is the sandbox user's even when the session works elsewhere.
    const owned = free([...new Set([input.workdir, IMAGE_WORKDIR, SANDBOX_HOME, ...extra.owned])]);
    const seeded = (extra.seeded ?? []).filter((place) => owned.includes(place));
    return { sizeMB: bound.sizeMB, maxFiles, shared: free(SHARED_PLACES), owned, seeded, owner };
  }
  if (config.readOnly) return { sizeMB: bound.sizeMB, maxFiles, shared: free(['/tmp']), owned: free([input.workdir]), seeded: [], owner };
  throw new ResourceError(
    `llmsb cannot bound what code writes in ${input.imageName}: it is not an llmsb image run as its sandbox user, so the ` +
      'places the code can write are unknown. Set runtimeConfig.readOnly: true (the workdir and /tmp become sized tmpfs) ' +
      'or runtimeConfig.diskMB: null to run without a disk bound.',
  );
}

/** Docker `HostConfig.Tmpfs` for a plan; owners by `uid=` only where the engine takes it. */
export function scratchTmpfs(plan: ScratchPlan, ownershipByMount: boolean): Record<string, string> {
  const base = `rw,exec,nosuid,nodev,size=${plan.sizeMB}m${plan.maxFiles ? `,nr_inodes=${plan.maxFiles}` : ''}`;
  const [uid, gid = uid] = plan.owner?.split(':') ?? [];
  const ownedOptions = ownershipByMount && uid ? `${base},uid=${uid},gid=${gid},mode=0755` : `${base},mode=0755`;
  return {
    ...Object.fromEntries(plan.shared.map((place) => [place, `${base},mode=1777`])),
    ...Object.fromEntries(plan.owned.map((place) => [place, ownedOptions])),
  };
}

/**
 * The root step that finishes the places after start: copies each seeded place's content in from
 * its root-owned seed (a commit's seeds exist nowhere else, so even an engine whose tmpfs starts
 * with the folder's content gets them) and hands owned places to the code's user on engines that
 * ignore `uid=`. Empty when nothing is left to do.
 */
export function scratchPreparation(plan: ScratchPlan, engine: { ownershipByMount: boolean }): string {
  if (!plan.owner) return '';
  const steps = [
    // -h: a seed from a committed sandbox may hold links the code planted; never chown their targets.
    ...plan.seeded.map(
      (place) => `cp -R ${shellQuote(`${SEED_ROOT}${place}`)}/. ${shellQuote(place)}/ && chown -hR ${plan.owner} ${shellQuote(place)}`,
    ),
    ...(engine.ownershipByMount ? [] : plan.owned.map((place) => `chown -h ${plan.owner} ${shellQuote(place)}`)),
  ];
  return steps.join(' && ');
}

/**
 * Before a commit: what the code wrote in its own places lives in tmpfs, which a commit leaves
 * out, so it is copied into the seeds (as root, links kept as links) and the returned label makes
 * a session of the committed image start with it. Shared places (/tmp) are not kept.
 */
export function seedForCommit(plan: ScratchPlan): { script: string; label: string } {
  const script = plan.owned
    .map((place) => {
      const seed = shellQuote(`${SEED_ROOT}${place}`);
      return `rm -rf ${seed} && mkdir -p ${seed} && cp -a ${shellQuote(place)}/. ${seed}/`;
    })
    .join(' && ');
  return { script, label: formatScratchLabel({ owned: plan.owned, seeded: plan.owned }) };
}

/** The Dockerfile lines that keep seeds of a recipe's seeded places and name its extra places. */
export function scratchDockerfileLines(recipe: ImageRecipe): string[] {
  if (!recipe.scratch) return [];
  const seeds = (recipe.scratch.seeded ?? []).map(
    (place) => `mkdir -p ${shellQuote(`${SEED_ROOT}${place}`)} && cp -R ${shellQuote(place)}/. ${shellQuote(`${SEED_ROOT}${place}`)}/`,
  );
  return [
    ...(seeds.length > 0 ? [`RUN ${seeds.join(' && ')} && chown -R root:root ${SEED_ROOT}`] : []),
    `LABEL ${SCRATCH_LABEL}="${formatScratchLabel(recipe.scratch)}"`,
  ];
}

/**
 * The label's value: `owned=/a,/b;seeded=/a`. No quotes or JSON: Docker and Podman unescape a
 * commit's `LABEL` change differently, and these paths never hold `,`, `;`, `=` or blanks.
 */
export function formatScratchLabel(places: { readonly owned: readonly string[]; readonly seeded?: readonly string[] | undefined }): string {
  const all = [...places.owned, ...(places.seeded ?? [])];
  const bad = all.find((place) => !/^\/[^,;=\s"'\\]*$/.test(place));
  if (bad !== undefined)
    throw new ResourceError(`The place ${JSON.stringify(bad)} cannot be named in the ${SCRATCH_LABEL} label (no , ; = quotes or blanks).`);
  return `owned=${places.owned.join(',')};seeded=${(places.seeded ?? []).join(',')}`;
}

function parseScratchLabel(label: string | undefined): { owned: readonly string[]; seeded?: readonly string[] } {
  if (!label) return { owned: [] };
  const fields = Object.fromEntries(label.split(';').map((field) => field.split('=') as [string, string | undefined]));
  const paths = (value: string | undefined) => (value ? value.split(',').filter((place) => place.startsWith('/')) : []);
  if (fields['owned'] === undefined) throw new ResourceError(`The image label ${SCRATCH_LABEL} (${label}) names no owned places: rebuild the image.`);
  return { owned: paths(fields['owned']), seeded: paths(fields['seeded']) };
}

/** `uid:gid` of a user given by number, or of the library's own sandbox user. */
export function numericOwner(user: string): string | undefined {
  if (user === SANDBOX_USER) return `${SANDBOX_UID}:${SANDBOX_UID}`;
  return /^\d+(:\d+)?$/.test(user) ? (user.includes(':') ? user : `${user}:${user}`) : undefined;
}
