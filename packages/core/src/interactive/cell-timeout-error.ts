import { SandboxTimeoutError } from '../errors.js';

/** A cell's timeout: `kernelRestarted` says whether the kernel (and so its variables) had to go. */
export class CellTimeoutError extends SandboxTimeoutError {
  /** True when the kernel did not stop within `interruptGraceMs` and was killed: its state is lost. */
  readonly kernelRestarted: boolean;
  constructor(message: string, details: { timeoutMs?: number | undefined; stdout: string; stderr: string; kernelRestarted: boolean }) {
    super(message, details);
    this.kernelRestarted = details.kernelRestarted;
  }
}
