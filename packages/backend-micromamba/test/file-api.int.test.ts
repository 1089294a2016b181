// The file API in a micromamba container (the TEST DOUBLE image unless LLMSB_MICROMAMBA_IMAGE names a real one).
import { beforeAll } from 'vitest';
import { createSession } from '@llmsb/core';
import { describeFileApi } from '@llmsb/core/testing';
import { micromambaRegistry, requireMicromambaImage } from './helpers.js';

let image: string;
beforeAll(async () => {
  ({ image } = await requireMicromambaImage());
}, 600_000);

describeFileApi('micromamba', () =>
  createSession({ backend: 'micromamba', lang: 'python', maxArchiveBytes: 1024 * 1024, maxArchiveEntries: 50 }, micromambaRegistry({ image })),
);
