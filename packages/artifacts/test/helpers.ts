import { inflateSync } from 'node:zlib';
import { PluginRegistry, type LanguageHandler } from '@llmsb/core';
import { connectDocker, dockerBackend, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { python, pythonRecipe } from '@llmsb/lang-python';
import { createArtifactSession, type ArtifactSessionOptions } from '@llmsb/artifacts';

export const image = recipeImageTag(pythonRecipe);

/** A missing engine or image fails the tests (never skips). */
export async function requireImage(): Promise<void> {
  const { docker } = await connectDocker();
  if (!(await imageExists(docker, image))) throw new Error(`${image} is missing: run \`pnpm llmsb images build python\`.`);
}

/** A language without plot support: POSIX shell, run in the Python image. */
export const shell: LanguageHandler = {
  kind: 'language',
  name: 'shell',
  fileExtension: 'sh',
  imageRecipe: pythonRecipe,
  runCommands: (file) => [`sh ${file}`],
};

/** A two-step language (check, then run), like a compiled one. */
export const twoStep: LanguageHandler = {
  ...shell,
  name: 'twostep',
  runStepNames: ['compile', 'run'],
  runCommands: (file) => [`sh -n ${file} && echo compiled > "$LLMSB_ARTIFACTS_DIR/build.log"`, `sh ${file}`],
};

export const registry = (): PluginRegistry => new PluginRegistry().use(dockerBackend(), python(), shell, twoStep);

export const openArtifacts = (options: ArtifactSessionOptions = {}) => createArtifactSession({ lang: 'python', ...options }, registry());

/**
 * Decodes a PNG far enough to prove its header tells the truth: the inflated IDAT stream must hold
 * exactly `height` scanlines of `width` pixels. Returns the real width and height.
 */
export function decodePng(base64: string): { width: number; height: number } {
  const png = Buffer.from(base64, 'base64');
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bitDepth = png[24] ?? 0;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[png[25] ?? -1];
  if (!channels || png[28] !== 0) throw new Error('unsupported PNG layout');
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString('latin1', offset + 4, offset + 8) === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  const rowBytes = 1 + Math.ceil((width * channels * bitDepth) / 8);
  if (pixels.length !== rowBytes * height) throw new Error(`PNG data is ${pixels.length} bytes, not ${height} rows of ${rowBytes}`);
  return { width, height };
}

/** JPEG: start and end markers, and a frame header whose size matches `expected`. */
export function checkJpeg(base64: string): { width: number; height: number } {
  const jpeg = Buffer.from(base64, 'base64');
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg.at(-2) !== 0xff || jpeg.at(-1) !== 0xd9) throw new Error('not a whole JPEG');
  for (let offset = 2; offset < jpeg.length;) {
    const marker = jpeg[offset + 1] ?? 0;
    if (marker === 0xc0 || marker === 0xc2) return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  throw new Error('JPEG without a frame header');
}
