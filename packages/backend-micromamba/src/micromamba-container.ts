import type { ArchiveLimits, ArchiveStream, CloseOutcome, ContainerAPI, ExecRequest, ExecResult, StdinSource, SupervisorEndpoint } from '@llmsb/core';

/**
 * A container whose every process runs inside `micromamba run -n <environment>`: the
 * environment's `bin` comes first on PATH and its activation variables are set. The exit code is
 * micromamba's, which is the command's. File transfer and kills go to the container directly.
 */
export class MicromambaContainer implements ContainerAPI {
  readonly id: string;

  constructor(
    private readonly inner: ContainerAPI,
    private readonly environment: string,
    private readonly executable: string,
  ) {
    this.id = inner.id;
    if (inner.setNetworkAccess) this.setNetworkAccess = (online) => inner.setNetworkAccess!(online);
    if (inner.getArchiveStream) this.getArchiveStream = (path, limits) => inner.getArchiveStream!(path, limits);
    const openStream = inner.openSupervisorStream?.bind(inner);
    // Under the supervisor, every call runs inside `micromamba run` the same way.
    if (openStream) {
      this.openSupervisorStream = async () => ({ ...(await openStream()), argvPrefix: micromambaArgv(executable, environment, []) });
    }
  }

  readonly setNetworkAccess?: (online: boolean) => Promise<void>;
  readonly getArchiveStream?: (path: string, limits: ArchiveLimits) => ArchiveStream;
  readonly openSupervisorStream?: () => Promise<SupervisorEndpoint>;

  exec(request: ExecRequest): Promise<ExecResult> {
    return this.inner.exec({ ...request, argv: micromambaArgv(this.executable, this.environment, request.argv) });
  }

  putArchive(directory: string, tar: StdinSource): Promise<void> {
    return this.inner.putArchive(directory, tar);
  }

  getArchive(path: string): Promise<Uint8Array> {
    return this.inner.getArchive(path);
  }

  close(): Promise<CloseOutcome> {
    return this.inner.close();
  }
}

export function micromambaArgv(executable: string, environment: string, argv: readonly string[]): string[] {
  return [executable, 'run', '-n', environment, ...argv];
}
