import { silentLogger } from '../logger.js';
import { SupervisedContainer } from '../supervisor/supervised-container.js';
import type { ContainerAPI } from '../types.js';

/**
 * Opens a backend's sandbox (created with `supervisor: true`) and serves it through its
 * supervisor, as a session would: for running `describeBackend` on the supervisor path.
 */
export async function openSupervised(open: () => Promise<ContainerAPI>): Promise<ContainerAPI> {
  const inner = await open();
  if (!inner.openSupervisorStream) {
    await inner.close();
    throw new Error('the backend offered no supervisor stream for a sandbox opened with supervisor: true');
  }
  return SupervisedContainer.connect(inner as ContainerAPI & Required<Pick<ContainerAPI, 'openSupervisorStream'>>, {
    ownerGraceMs: 15_000,
    logger: silentLogger,
  });
}
