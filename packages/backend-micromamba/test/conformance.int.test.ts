// The conformance suite through `micromamba run -n base` — against a micromamba TEST DOUBLE
// image (see micromamba-double.ts) unless LLMSB_MICROMAMBA_IMAGE names a real one.
import { beforeAll } from 'vitest';
import { describeBackend, openSupervised } from '@llmsb/core/testing';
import { openMicromambaContainer } from '@llmsb/backend-micromamba';
import { openContext, requireMicromambaImage } from './helpers.js';

let image: string;
beforeAll(async () => {
  ({ image } = await requireMicromambaImage());
}, 600_000);

describeBackend('micromamba', () => openMicromambaContainer(openContext(), { image }), { timeoutMs: 60_000 });
describeBackend('micromamba (supervisor)', () => openSupervised(() => openMicromambaContainer(openContext({ supervisor: true }), { image })), {
  timeoutMs: 60_000,
});
